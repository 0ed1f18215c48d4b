// The members module's events (platform/events), published in the transaction that changes the member.
// Payloads name what changed, never the values: the outbox is kept after an erasure.
import type { MemberEvents } from '../../contracts/events.ts';
// The payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends MemberEvents {}
}

export const MEMBER_EVENT_TYPES = ['member.created', 'member.updated', 'member.deleted'] as const;
