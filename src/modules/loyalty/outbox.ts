// Domain events for journeys and webhooks: a durable outbox table written in the same transaction as the
// change it describes. Consumers read it in id order (listLoyaltyEvents with afterId).
import type { Db } from '../../platform/db/database.ts';

export type LoyaltyEventType = 'tier.changed' | 'points.expiring' | 'points.expired';

export interface LoyaltyEvent {
  id: number;
  memberId: string;
  type: LoyaltyEventType;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export async function emitLoyaltyEvent(
  db: Db,
  event: {
    programId: string;
    memberId: string;
    type: LoyaltyEventType;
    payload: Record<string, unknown>;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('loyalty_events')
    .values({
      program_id: event.programId,
      member_id: event.memberId,
      type: event.type,
      payload: JSON.stringify(event.payload),
      occurred_at: event.at,
    })
    .execute();
}

export async function listLoyaltyEvents(
  db: Db,
  programId: string,
  options: { afterId?: number; memberId?: string; type?: LoyaltyEventType; limit?: number } = {},
): Promise<LoyaltyEvent[]> {
  let q = db
    .selectFrom('loyalty_events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '>', options.afterId ?? 0)
    .orderBy('id')
    .limit(options.limit ?? 100);
  if (options.memberId) q = q.where('member_id', '=', options.memberId);
  if (options.type) q = q.where('type', '=', options.type);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    type: r.type as LoyaltyEventType,
    payload: r.payload,
    occurredAt: r.occurred_at,
  }));
}
