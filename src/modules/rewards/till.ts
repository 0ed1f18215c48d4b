// The till / shop API: validate a code against a cart, redeem it exactly once for an order, undo a
// redemption within the program's window, top a gift card up. Redeem holds the coupon's row lock, so two
// tills sending the same code at the same moment queue up: the first wins, the second sees it used.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { loadLoyaltyConfig } from '../loyalty/index.ts';
import { checkCouponUse, type CouponBenefit, type CouponRefusal } from './coupon-rules.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { couponView, findCouponByCode, recordCouponEvent, type Coupon, type CouponRow } from './coupons.ts';
import './events.ts';
import type { Cart } from './discounts/types.ts';
import { getRewardsSettings } from './settings.ts';
import { redeemInOneStatement } from './till-one-statement.ts';

export interface TillInput {
  code: string;
  memberId?: string | undefined;
  cart: Omit<Cart, 'items'> & { items?: Cart['items'] | undefined };
  /** Gift cards: how much to take from the balance (default: as much of the cart as it covers). */
  amount?: number | undefined;
}

/** The store and partner a till caller is bound to (undefined: not bound). */
export interface TillScope {
  storeId?: string | undefined;
  partnerId?: string | undefined;
}

export interface Validation {
  valid: boolean;
  reason: string | null;
  message: string | null;
  details: Record<string, unknown>;
  discount: CouponBenefit | null;
  coupon: Pick<Coupon, 'code' | 'kind' | 'status' | 'expiresAt' | 'balance' | 'memberId'> | null;
}

const REFUSAL: Record<CouponRefusal, { status: number; code: string; message: string }> = {
  used: { status: 409, code: 'coupon_already_redeemed', message: 'This coupon has already been redeemed' },
  cancelled: { status: 409, code: 'coupon_cancelled', message: 'This coupon was cancelled' },
  expired: { status: 409, code: 'coupon_expired', message: 'This coupon has expired' },
  not_yours: { status: 403, code: 'coupon_not_yours', message: 'This coupon belongs to another member' },
  gift_card_empty: { status: 409, code: 'gift_card_empty', message: 'This gift card has no balance left' },
  amount_over_balance: {
    status: 409,
    code: 'insufficient_balance',
    message: 'The amount is more than the gift card holds',
  },
  currency_mismatch: { status: 422, code: 'currency_mismatch', message: 'The cart is in another currency' },
  wrong_store: { status: 422, code: 'wrong_store', message: 'This coupon is not valid in this store' },
  wrong_channel: { status: 422, code: 'wrong_channel', message: 'This coupon is not valid in this channel' },
  wrong_partner: {
    status: 422,
    code: 'wrong_partner',
    message: 'This coupon is not valid with this partner',
  },
  min_total_not_met: {
    status: 422,
    code: 'min_total_not_met',
    message: 'The cart is below the minimum total for this coupon',
  },
  no_eligible_items: {
    status: 422,
    code: 'no_eligible_items',
    message: 'Nothing in the cart is eligible for this coupon',
  },
  product_not_in_cart: {
    status: 422,
    code: 'product_not_in_cart',
    message: 'The free product is not in the cart',
  },
  nothing_to_discount: {
    status: 422,
    code: 'nothing_to_discount',
    message: 'The coupon gives nothing on this cart',
  },
};

function usedDetails(row: CouponRow): Record<string, unknown> {
  return {
    redeemedAt: row.redeemed_at?.toISOString() ?? null,
    orderId: row.redeemed_order_id,
    storeId: row.redeemed_store_id,
    channel: row.redeemed_channel,
  };
}

async function check(db: Db, programId: string, row: CouponRow, input: TillInput, now: Date) {
  const { currency } = await loadLoyaltyConfig(db, programId);
  const cart: Cart = { ...input.cart, items: input.cart.items ?? [] };
  const result = checkCouponUse(
    {
      kind: row.kind,
      status: row.status,
      memberId: row.member_id,
      expiresAt: row.expires_at,
      effect: row.effect,
      conditions: { currency, ...row.conditions },
      balance: row.balance,
    },
    { now, memberId: input.memberId, cart, amount: input.amount },
  );
  if (result.ok) return result;
  return { ...result, details: result.reason === 'used' ? usedDetails(row) : result.details };
}

const couponSummary = (row: CouponRow): Validation['coupon'] => {
  const c = couponView(row);
  return {
    code: c.code,
    kind: c.kind,
    status: c.status,
    expiresAt: c.expiresAt,
    balance: c.balance,
    memberId: c.memberId,
  };
};

/** Would this code work on this cart, and for how much? Changes nothing. */
export async function validateCoupon(
  db: Db,
  clock: Clock,
  programId: string,
  input: TillInput,
): Promise<Validation> {
  let row: CouponRow;
  try {
    row = await findCouponByCode(db, programId, input.code);
  } catch (err) {
    if (err instanceof AppError && err.code === 'coupon_not_found') {
      return {
        valid: false,
        reason: 'not_found',
        message: err.message,
        details: {},
        discount: null,
        coupon: null,
      };
    }
    throw err;
  }
  const result = await check(db, programId, row, input, clock.now());
  if (result.ok) {
    return {
      valid: true,
      reason: null,
      message: null,
      details: {},
      discount: result.benefit,
      coupon: couponSummary(row),
    };
  }
  return {
    valid: false,
    reason: result.reason,
    message: REFUSAL[result.reason].message,
    details: result.details,
    discount: null,
    coupon: couponSummary(row),
  };
}

export interface TillRedemption {
  id: number;
  code: string;
  orderId: string;
  amount: number;
  lines: CouponBenefit['lines'];
  freeShipping: boolean;
  balanceAfter: number | null;
  storeId: string | null;
  channel: string | null;
  at: Date;
  replayed: boolean;
}

/**
 * Redeems once: the common case (an active coupon, not a gift card) in one statement (till-one-statement.ts),
 * everything else, and anything that changed under it, through the full path with the coupon's row lock.
 */
export async function redeemCoupon(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: TillInput & { orderId: string },
): Promise<TillRedemption> {
  const fast = await redeemInOneStatement(db, clock, actor, programId, input, check);
  return fast ?? redeemCouponFullPath(db, clock, actor, programId, input);
}

/** The full path: the coupon locked, replays, refusals, gift cards, in-transaction subscribers. */
export async function redeemCouponFullPath(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: TillInput & { orderId: string },
): Promise<TillRedemption> {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const row = await findCouponByCode(trx, programId, input.code, { forUpdate: true });
    // The same order again (a till retrying without an Idempotency-Key) gets the first answer back.
    const prior = await trx
      .selectFrom('coupon_events')
      .selectAll()
      .where('program_id', '=', programId)
      .where('coupon_id', '=', row.id)
      .where('order_id', '=', input.orderId)
      .where('type', 'in', ['redeemed', 'spent'])
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    if (prior) {
      return {
        id: prior.id,
        code: row.display_code,
        orderId: input.orderId,
        amount: prior.amount ?? 0,
        lines: (prior.details.lines as CouponBenefit['lines'] | undefined) ?? [],
        freeShipping: prior.details.freeShipping === true,
        balanceAfter: prior.balance_after,
        storeId: prior.store_id,
        channel: prior.channel,
        at: prior.at,
        replayed: true,
      };
    }
    const result = await check(trx, programId, row, input, now);
    if (!result.ok) {
      const r = REFUSAL[result.reason];
      throw new AppError(r.code, r.status, r.message, result.details);
    }
    const b = result.benefit;
    const giftCard = row.kind === 'gift_card';
    await trx
      .updateTable('coupons')
      .set(
        giftCard
          ? { balance: b.balanceAfter }
          : {
              status: 'redeemed',
              redeemed_at: now,
              redeemed_order_id: input.orderId,
              redeemed_store_id: input.cart.storeId ?? null,
              redeemed_channel: input.cart.channel ?? null,
              closed_at: now,
            },
      )
      .where('program_id', '=', programId)
      .where('id', '=', row.id)
      .execute();
    const event = await recordCouponEvent(trx, {
      programId,
      couponId: row.id,
      type: giftCard ? 'spent' : 'redeemed',
      actor,
      at: now,
      amount: b.amount,
      balanceAfter: b.balanceAfter,
      orderId: input.orderId,
      storeId: input.cart.storeId ?? null,
      channel: input.cart.channel ?? null,
      partnerId: input.cart.partnerId ?? null,
      details: { lines: b.lines, freeShipping: b.freeShipping, cartTotal: input.cart.total },
    });
    await publishEvent(
      trx,
      clock,
      {
        type: 'coupon.redeemed',
        programId,
        memberId: row.member_id,
        payload: {
          couponId: row.id,
          rewardId: row.reward_id,
          kind: row.kind,
          orderId: input.orderId,
          amount: b.amount,
          storeId: input.cart.storeId ?? null,
          channel: input.cart.channel ?? null,
          partnerId: input.cart.partnerId ?? null,
        },
      },
      { actor },
    );
    return {
      id: event.id,
      code: row.display_code,
      orderId: input.orderId,
      amount: b.amount,
      lines: b.lines,
      freeShipping: b.freeShipping,
      balanceAfter: b.balanceAfter,
      storeId: event.store_id,
      channel: event.channel,
      at: now,
      replayed: false,
    };
  });
}

/** Undoes a redemption (the order was cancelled) within the program's undo window. */
export async function undoRedemption(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: { code: string; orderId: string; reason?: string | undefined },
  scope: TillScope = {},
): Promise<Coupon> {
  const settings = await getRewardsSettings(db, programId);
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const row = await findCouponByCode(trx, programId, input.code, { forUpdate: true });
    const use = await trx
      .selectFrom('coupon_events')
      .selectAll()
      .where('program_id', '=', programId)
      .where('coupon_id', '=', row.id)
      .where('order_id', '=', input.orderId)
      .where('type', 'in', ['redeemed', 'spent'])
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    if (!use) {
      throw new AppError('redemption_not_found', 404, 'This coupon was not redeemed for this order', {
        orderId: input.orderId,
      });
    }
    // A till bound to a store or partner undoes only what it redeemed itself.
    if (
      (scope.storeId !== undefined && use.store_id !== scope.storeId) ||
      (scope.partnerId !== undefined && use.partner_id !== scope.partnerId)
    ) {
      throw new AppError('forbidden', 403, 'This redemption was made at another store or partner', {
        storeId: use.store_id,
      });
    }
    const deadline = new Date(use.at.getTime() + settings.undoWindowMinutes * 60_000);
    if (now > deadline) {
      throw new AppError(
        'undo_window_passed',
        409,
        `A redemption can be undone within ${settings.undoWindowMinutes} minutes`,
        {
          redeemedAt: use.at.toISOString(),
          undoWindowMinutes: settings.undoWindowMinutes,
        },
      );
    }
    await trx
      .updateTable('coupon_events')
      .set({ undone_at: now })
      .where('program_id', '=', programId)
      .where('id', '=', use.id)
      .execute();
    const giftCard = row.kind === 'gift_card';
    const updated = await trx
      .updateTable('coupons')
      .set(
        giftCard
          ? { balance: (row.balance ?? 0) + (use.amount ?? 0) }
          : {
              status: 'active',
              redeemed_at: null,
              redeemed_order_id: null,
              redeemed_store_id: null,
              redeemed_channel: null,
              closed_at: null,
            },
      )
      .where('program_id', '=', programId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordCouponEvent(trx, {
      programId,
      couponId: row.id,
      type: 'undone',
      actor,
      at: now,
      amount: use.amount,
      balanceAfter: updated.balance,
      orderId: input.orderId,
      details: { redemptionId: use.id, reason: input.reason ?? null },
    });
    return couponView(updated);
  });
}

/** Adds value to an active gift card. */
export async function topUpGiftCard(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: { code: string; amount: number; reference?: string | undefined },
): Promise<Coupon> {
  return db.transaction().execute(async (trx) => {
    const row = await findCouponByCode(trx, programId, input.code, { forUpdate: true });
    if (row.kind !== 'gift_card')
      throw new AppError('not_a_gift_card', 409, 'Only gift cards can be topped up');
    if (row.status !== 'active' || (row.expires_at && row.expires_at <= clock.now())) {
      throw new AppError('coupon_not_active', 409, 'This gift card is not active', { status: row.status });
    }
    const balance = (row.balance ?? 0) + input.amount;
    const updated = await trx
      .updateTable('coupons')
      .set({ balance })
      .where('program_id', '=', programId)
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordCouponEvent(trx, {
      programId,
      couponId: row.id,
      type: 'topped_up',
      actor,
      at: clock.now(),
      amount: input.amount,
      balanceAfter: balance,
      details: input.reference ? { reference: input.reference } : {},
    });
    return couponView(updated);
  });
}
