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

export const LOYALTY_EVENT_TYPES = [
  'purchase.recorded',
  'purchase.refunded',
  'points.earned',
  'points.redeemed',
  'points.expiring',
  'points.expired',
  'tier.changed',
] as const;

export type LoyaltyEventType = (typeof LOYALTY_EVENT_TYPES)[number];

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
