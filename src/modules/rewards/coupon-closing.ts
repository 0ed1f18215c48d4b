// Closing an unused coupon: cancelled by a person, or past its expiry (the hourly job), with the program's
// points policy — refund through the ledger, or forfeit — and a cancelled coupon's unit back in stock.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { returnPointsInTransaction } from '../loyalty/index.ts';
import { couponById, couponView, recordCouponEvent, type Coupon, type CouponRow } from './coupons.ts';
import { getRewardsSettings } from './settings.ts';

/**
 * Closes an unused coupon (cancelled by a person, or past its expiry) and settles its points by the
 * program's policy: refund gives them back through the ledger, forfeit keeps them spent. A cancelled
 * coupon's unit goes back into the reward's stock. Lock order: coupon, then account, then reward.
 */
async function closeCoupon(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  row: CouponRow,
  how: 'cancelled' | 'expired',
  reason: string,
): Promise<CouponRow> {
  const settings = await getRewardsSettings(trx, row.program_id);
  const policy = how === 'cancelled' ? settings.onCancel : settings.onExpiry;
  const now = clock.now();
  let ledgerEntryId: number | null = null;
  if (policy === 'refund' && row.points_spent > 0 && row.member_id) {
    ledgerEntryId = await returnPointsInTransaction(trx, clock, actor, row.program_id, row.member_id, {
      points: row.points_spent,
      reason: how === 'cancelled' ? 'coupon cancelled' : 'coupon expired',
      idempotencyKey: `coupon:${row.id}:return`,
      details: { couponId: row.id, rewardId: row.reward_id },
    });
  }
  if (how === 'cancelled' && row.reward_id) {
    await trx
      .updateTable('rewards')
      .set({ stock_left: sql`stock_left + 1` })
      .where('program_id', '=', row.program_id)
      .where('id', '=', row.reward_id)
      .where('stock_left', 'is not', null)
      .where(sql<boolean>`stock_left < stock_total`)
      .execute();
  }
  const updated = await trx
    .updateTable('coupons')
    .set({ status: how, closed_at: now })
    .where('program_id', '=', row.program_id)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordCouponEvent(trx, {
    programId: row.program_id,
    couponId: row.id,
    type: how,
    actor,
    at: now,
    points: ledgerEntryId ? row.points_spent : null,
    ledgerEntryId,
    details: { policy, reason },
  });
  return updated;
}

function assertUnused(row: CouponRow): void {
  if (row.status !== 'active') {
    throw new AppError(
      `coupon_${row.status === 'redeemed' ? 'already_redeemed' : row.status}`,
      409,
      `This coupon is ${row.status}`,
      {
        status: row.status,
      },
    );
  }
  if (row.kind === 'gift_card' && row.balance !== row.initial_value) {
    throw new AppError(
      'coupon_partly_used',
      409,
      'This gift card has been spent from; it cannot be cancelled',
      {
        balance: row.balance,
      },
    );
  }
}

export async function cancelCoupon(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  couponId: string,
  input: { reason: string; memberId?: string | undefined },
): Promise<Coupon> {
  return db.transaction().execute(async (trx) => {
    const row = await couponById(trx, programId, couponId, true);
    if (input.memberId && row.member_id !== input.memberId) throw notFound('coupon', couponId);
    assertUnused(row);
    return couponView(await closeCoupon(trx, clock, actor, row, 'cancelled', input.reason));
  });
}

/** Expires the program's active coupons past their date, a batch at a time. Returns how many. */
export async function expireCoupons(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('coupons')
        .selectAll()
        .where('program_id', '=', programId)
        .where('status', '=', 'active')
        .where('expires_at', '<=', clock.now())
        .orderBy('expires_at')
        .limit(200)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of due) await closeCoupon(trx, clock, actor, row, 'expired', 'past its expiry date');
      return due.length;
    });
    total += done;
    if (done < 200) return total;
  }
}
