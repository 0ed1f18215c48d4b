// Purchases newest first, for a program or one member, with their refunds: keyset pagination over
// (occurred_at desc, id desc) on the (program_id, occurred_at) and (program_id, member_id, occurred_at) indexes.
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { purchaseView, type Purchase } from './purchases.ts';

export type RefundState = 'none' | 'partial' | 'full';

export interface ListedPurchase extends Purchase {
  items: unknown[];
  refundState: RefundState;
  refunds: { id: string; amount: number; pointsReversed: number; reason: string | null; createdAt: Date }[];
}

export const refundStateOf = (total: number, refunded: number): RefundState =>
  refunded <= 0 ? 'none' : refunded >= total ? 'full' : 'partial';

export async function listPurchases(
  db: Db,
  programId: string,
  page: {
    limit: number;
    cursor?: string | undefined;
    memberId?: string | undefined;
    /** Only this partner's purchases (a partner-bound caller). */
    partnerId?: string | undefined;
  },
): Promise<{ items: ListedPurchase[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('loyalty_purchases')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.memberId) q = q.where('member_id', '=', page.memberId);
  if (page.partnerId !== undefined) q = q.where('partner_id', '=', page.partnerId);
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    if (!after) throw new AppError('invalid_cursor', 400, 'The cursor is not one this API gave out');
    const at = new Date(after.createdAt);
    q = q.where((eb) =>
      eb.or([eb('occurred_at', '<', at), eb.and([eb('occurred_at', '=', at), eb('id', '<', after.id)])]),
    );
  }
  const rows = await q.execute();
  const pageRows = rows.slice(0, page.limit);
  const refunds = pageRows.length
    ? await db
        .selectFrom('loyalty_refunds')
        .select(['id', 'purchase_id', 'amount', 'points_reversed', 'reason', 'created_at'])
        .where('program_id', '=', programId)
        .where(
          'purchase_id',
          'in',
          pageRows.map((r) => r.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  const items = pageRows.map((r): ListedPurchase => ({
    ...purchaseView(r),
    items: r.items,
    refundState: refundStateOf(r.total, r.refunded_total),
    refunds: refunds
      .filter((f) => f.purchase_id === r.id)
      .map((f) => ({
        id: f.id,
        amount: f.amount,
        pointsReversed: f.points_reversed,
        reason: f.reason,
        createdAt: f.created_at,
      })),
  }));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.occurredAt, last.id) : null,
  };
}
