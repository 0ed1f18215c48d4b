// Coupons: issuing one with a fresh unique code, its history, and reading them (a member's list, the support
// lookup). Closing an unused one (cancel, expiry) is in coupon-closing.ts.
import type { Selectable } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { generateCouponCode, normaliseCouponCode } from './codes.ts';
import type { DiscountConditions } from './discounts/types.ts';
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

export async function couponById(db: Db, programId: string, couponId: string, forUpdate = false) {
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

export async function getCoupon(db: Db, programId: string, couponId: string): Promise<Coupon> {
  return couponView(await couponById(db, programId, couponId));
}
