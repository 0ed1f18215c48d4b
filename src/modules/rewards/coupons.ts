// Coupons: issuing one with a fresh unique code, reading them (a member's list, the support lookup with its
// history), and closing an unused one (cancel, expiry) with the program's points policy.
import { sql, type Selectable } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { returnPointsInTransaction } from '../loyalty/index.ts';
import { generateCouponCode, normaliseCouponCode } from './codes.ts';
import type { DiscountConditions } from './discounts/types.ts';
import { getRewardsSettings } from './settings.ts';
import type {
  CouponEventsTable,
  CouponEventType,
  CouponSource,
  CouponsTable,
  CouponStatus,
  RewardEffect,
  RewardKind,
} from './tables.ts';

export type CouponRow = Selectable<CouponsTable>;

export interface Coupon {
  id: string;
  code: string;
  source: CouponSource;
  rewardId: string | null;
  memberId: string | null;
  kind: RewardKind;
  effect: RewardEffect;
  conditions: DiscountConditions;
  status: CouponStatus;
  pointsSpent: number;
  balance: number | null;
  initialValue: number | null;
  issuedAt: Date;
  expiresAt: Date | null;
  redeemedAt: Date | null;
  redeemedOrderId: string | null;
  redeemedStoreId: string | null;
  closedAt: Date | null;
}

export function couponView(r: CouponRow): Coupon {
  return {
    id: r.id,
    code: r.display_code,
    source: r.source,
    rewardId: r.reward_id,
    memberId: r.member_id,
    kind: r.kind,
    effect: r.effect,
    conditions: r.conditions,
    status: r.status,
    pointsSpent: r.points_spent,
    balance: r.balance,
    initialValue: r.initial_value,
    issuedAt: r.issued_at,
    expiresAt: r.expires_at,
    redeemedAt: r.redeemed_at,
    redeemedOrderId: r.redeemed_order_id,
    redeemedStoreId: r.redeemed_store_id,
    closedAt: r.closed_at,
  };
}

export interface CouponEvent {
  id: number;
  type: CouponEventType;
  amount: number | null;
  balanceAfter: number | null;
  orderId: string | null;
  storeId: string | null;
  channel: string | null;
  points: number | null;
  ledgerEntryId: number | null;
  actorType: string;
  actorId: string | null;
  details: Record<string, unknown>;
  undoneAt: Date | null;
  at: Date;
}

export function couponEventView(e: Selectable<CouponEventsTable>): CouponEvent {
  return {
    id: e.id,
    type: e.type,
    amount: e.amount,
    balanceAfter: e.balance_after,
    orderId: e.order_id,
    storeId: e.store_id,
    channel: e.channel,
    points: e.points,
    ledgerEntryId: e.ledger_entry_id,
    actorType: e.actor_type,
    actorId: e.actor_id,
    details: e.details,
    undoneAt: e.undone_at,
    at: e.at,
  };
}

export async function recordCouponEvent(
  trx: Db,
  e: {
    programId: string;
    couponId: string;
    type: CouponEventType;
    actor: AuditActor;
    at: Date;
    amount?: number | null;
    balanceAfter?: number | null;
    orderId?: string | null;
    storeId?: string | null;
    channel?: string | null;
    partnerId?: string | null;
    points?: number | null;
    ledgerEntryId?: number | null;
    details?: Record<string, unknown>;
  },
): Promise<Selectable<CouponEventsTable>> {
  return trx
    .insertInto('coupon_events')
    .values({
      program_id: e.programId,
      coupon_id: e.couponId,
      type: e.type,
      amount: e.amount ?? null,
      balance_after: e.balanceAfter ?? null,
      order_id: e.orderId ?? null,
      store_id: e.storeId ?? null,
      channel: e.channel ?? null,
      partner_id: e.partnerId ?? null,
      points: e.points ?? null,
      ledger_entry_id: e.ledgerEntryId ?? null,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      details: JSON.stringify(e.details ?? {}),
      at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewCoupon {
  /** Drawn by the caller when another row must name the coupon first. */
  id?: string;
  programId: string;
  source: CouponSource;
  rewardId: string | null;
  memberId: string | null;
  kind: RewardKind;
  effect: RewardEffect;
  conditions: DiscountConditions;
  pointsSpent: number;
  ledgerEntryId: number | null;
  expiresAt: Date | null;
  /** Donations are used up the moment they are made. */
  status?: CouponStatus;
  prefix?: string | undefined;
  /** Why a coupon was given (automatic, referral), kept on its `issued` event. */
  why?: Record<string, unknown> | undefined;
}

/** Inserts a coupon with a fresh code; a collision (1 in 2^74 per pair) just draws again. */
export async function issueCoupon(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  c: NewCoupon,
): Promise<CouponRow> {
  const now = clock.now();
  const giftValue = c.kind === 'gift_card' ? (c.effect.value ?? 0) : null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const display = generateCouponCode({ prefix: c.prefix });
    const key = normaliseCouponCode(display);
    if (!key.ok) throw new Error('generated an unreadable code');
    const row = await trx
      .insertInto('coupons')
      .values({
        ...(c.id ? { id: c.id } : {}),
        program_id: c.programId,
        code: key.code,
        display_code: display,
        source: c.source,
        reward_id: c.rewardId,
        member_id: c.memberId,
        kind: c.kind,
        effect: JSON.stringify(c.effect),
        conditions: JSON.stringify(c.conditions),
        status: c.status ?? 'active',
        points_spent: c.pointsSpent,
        ledger_entry_id: c.ledgerEntryId,
        balance: giftValue,
        initial_value: giftValue,
        issued_at: now,
        expires_at: c.expiresAt,
        ...(c.status === 'redeemed' ? { redeemed_at: now, closed_at: now } : {}),
      })
      .onConflict((oc) => oc.columns(['program_id', 'code']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) {
      await recordCouponEvent(trx, {
        programId: c.programId,
        couponId: row.id,
        type: 'issued',
        actor,
        at: now,
        points: c.pointsSpent ? -c.pointsSpent : null,
        ledgerEntryId: c.ledgerEntryId,
        amount: giftValue,
        balanceAfter: giftValue,
        ...(c.why ? { details: c.why } : {}),
      });
      return row;
    }
  }
  throw new Error('could not draw a unique coupon code in 5 attempts');
}

/** Looks a code up by its normalised key; malformed_code (400) for garbage, coupon_not_found (404). */
export async function findCouponByCode(
  db: Db,
  programId: string,
  code: string,
  options: { forUpdate?: boolean } = {},
): Promise<CouponRow> {
  const key = normaliseCouponCode(code);
  if (!key.ok) {
    throw new AppError(
      'malformed_code',
      400,
      'This is not a coupon code: letters and digits only, 4–64 long',
    );
  }
  let q = db
    .selectFrom('coupons')
    .selectAll()
    .where('program_id', '=', programId)
    .where('code', '=', key.code);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('coupon_not_found', 404, 'No coupon with this code in this program');
  return row;
}

async function couponById(db: Db, programId: string, couponId: string, forUpdate = false) {
  let q = db.selectFrom('coupons').selectAll().where('program_id', '=', programId).where('id', '=', couponId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('coupon', couponId);
  return row;
}

export async function couponHistory(db: Db, programId: string, couponId: string): Promise<CouponEvent[]> {
  const rows = await db
    .selectFrom('coupon_events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('coupon_id', '=', couponId)
    .orderBy('id')
    .execute();
  return rows.map(couponEventView);
}

export async function listMemberCoupons(db: Db, programId: string, memberId: string): Promise<Coupon[]> {
  const rows = await db
    .selectFrom('coupons')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('issued_at', 'desc')
    .limit(200)
    .execute();
  return rows.map(couponView);
}

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

export async function getCoupon(db: Db, programId: string, couponId: string): Promise<Coupon> {
  return couponView(await couponById(db, programId, couponId));
}
