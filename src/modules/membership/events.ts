// The membership module's events (member.joined, member.unsubscribed, consent.changed), in the one outbox of the
// event bus (platform/events), written in the same transaction as the change.
import type { MembershipEvents } from '../../contracts/events.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { listEvents, publishEvent, type EventPayloads } from '../../platform/events/index.ts';
import { MEMBER_EVENT_TYPES } from '../members/index.ts';

// The payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends MembershipEvents {}
}

export const MEMBERSHIP_EVENT_TYPES = ['member.joined', 'member.unsubscribed', 'consent.changed'] as const;

export type MemberEventType = (typeof MEMBERSHIP_EVENT_TYPES)[number];

/** A member's life in the club: the members module's events and these (the member-events API, the export). */
const MEMBER_LIFE_TYPES = [...MEMBER_EVENT_TYPES, ...MEMBERSHIP_EVENT_TYPES];

export async function recordMemberEvent<T extends MemberEventType>(
  db: Db,
  clock: Clock,
  event: {
    programId: string;
    memberId: string;
    type: T;
    payload: EventPayloads[T];
  },
): Promise<number> {
  const recorded = await publishEvent(db, clock, {
    type: event.type,
    programId: event.programId,
    memberId: event.memberId,
    payload: event.payload,
  });
  return recorded.id;
}

/** Events after `afterId`, oldest first — a reader keeps the last id it saw. Default: a member's life events. */
export async function listMemberEvents(
  db: Db,
  programId: string,
  input: {
    type?: string | undefined;
    memberId?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  const events = await listEvents(db, programId, {
    types: input.type ? [input.type] : MEMBER_LIFE_TYPES,
    memberId: input.memberId,
    afterId: input.afterId,
    limit: input.limit,
  });
  return events.map((e) => ({
    id: e.id,
    memberId: e.memberId!,
    type: e.type,
    payload: e.payload as Record<string, unknown>,
    occurredAt: e.occurredAt,
  }));
}
