// The events the messaging module publishes on the platform's bus (platform/events), each in the transaction
// of the status change: a message handed to its provider, a bounce or a spam complaint recorded for an address
// we sent to. Payloads carry ids and classifications, never addresses or content (the outbox is kept).
import type { MessagingEvents } from '../../contracts/events.ts';
// The payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends MessagingEvents {}
}

export {};
