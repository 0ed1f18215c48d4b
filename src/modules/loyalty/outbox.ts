// Loyalty's events, in the one outbox of the event bus (platform/events): written in the same transaction as
// the change. purchase.recorded and points.earned are written by the credit statement itself
// (sql/loyalty_record_purchases.v3.sql), so the one-round-trip purchase publishes in its one statement.
import type { LoyaltyEvents } from '../../contracts/events.ts';
import type { Db } from '../../platform/db/database.ts';
import { listEvents, publishEvent, type EventPayloads } from '../../platform/events/index.ts';

// The payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends LoyaltyEvents {}
}

export type LoyaltyEventType = keyof LoyaltyEvents;

// Every key of the contract, once: a type added to LoyaltyEvents fails to compile here until it is listed, so
// the list that reads loyalty's events (the events API, the member's data export) cannot drift from it.
const LOYALTY_EVENTS: Record<LoyaltyEventType, true> = {
  'purchase.recorded': true,
  'purchase.refunded': true,
  'purchase.history_imported': true,
  'points.earned': true,
  'points.redeemed': true,
  'points.expiring': true,
  'points.expired': true,
  'tier.changed': true,
};

export const LOYALTY_EVENT_TYPES: readonly LoyaltyEventType[] = Object.keys(
  LOYALTY_EVENTS,
) as LoyaltyEventType[];

export interface LoyaltyEvent {
  id: number;
  memberId: string;
  type: LoyaltyEventType;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** Publishes one of loyalty's events at `at` (the caller's clock reading), through the caller's transaction. */
export async function emitLoyaltyEvent<T extends LoyaltyEventType>(
  db: Db,
  event: {
    programId: string;
    memberId: string;
    type: T;
    payload: EventPayloads[T];
    at: Date;
  },
): Promise<void> {
  await publishEvent(
    db,
    { now: () => event.at },
    { type: event.type, programId: event.programId, memberId: event.memberId, payload: event.payload },
  );
}

/** Loyalty's events of a program in id order (afterId: those after the last one seen). */
export async function listLoyaltyEvents(
  db: Db,
  programId: string,
  options: { afterId?: number; memberId?: string; type?: LoyaltyEventType; limit?: number } = {},
): Promise<LoyaltyEvent[]> {
  const events = await listEvents(db, programId, {
    types: options.type ? [options.type] : LOYALTY_EVENT_TYPES,
    memberId: options.memberId,
    afterId: options.afterId,
    limit: options.limit ?? 100,
  });
  return events.map((e) => ({
    id: e.id,
    memberId: e.memberId!,
    type: e.type as LoyaltyEventType,
    payload: e.payload as Record<string, unknown>,
    occurredAt: e.occurredAt,
  }));
}
