// The till's common case in one SQL statement: an active coupon (not a gift card) redeemed for an order. The
// code is read and checked without a lock, then one statement marks it redeemed only if it is still as read
// (active, same member, same expiry), records the redemption in its history and the coupon.redeemed event in
// the outbox — all of it or nothing, with no transaction round trips. Anything else (a gift card, a refusal, a
// replay of the same order, a coupon that changed since it was read, an in-transaction subscriber to run)
// returns undefined and the caller takes the full path (till.ts), which gives the same answer and writes.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { outboxInsertFrom, publishableInStatement } from '../../platform/events/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findCouponByCode } from './coupons.ts';
import type { CouponBenefit } from './coupon-rules.ts';
import type { TillInput, TillRedemption } from './till.ts';

type Check = (
  db: Db,
  programId: string,
  row: Awaited<ReturnType<typeof findCouponByCode>>,
  input: TillInput,
  now: Date,
) => Promise<{ ok: true; benefit: CouponBenefit } | { ok: false }>;

export async function redeemInOneStatement(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: TillInput & { orderId: string },
  check: Check,
): Promise<TillRedemption | undefined> {
  if (!publishableInStatement('coupon.redeemed')) return undefined;
  const now = clock.now();
  const row = await findCouponByCode(db, programId, input.code);
  if (row.kind === 'gift_card' || row.status !== 'active') return undefined;
  const result = await check(db, programId, row, input, now);
  if (!result.ok) return undefined;
  const b = result.benefit;
  const storeId = input.cart.storeId ?? null;
  const channel = input.cart.channel ?? null;
  const partnerId = input.cart.partnerId ?? null;
  const details = { lines: b.lines, freeShipping: b.freeShipping, cartTotal: input.cart.total };
  const event = {
    type: 'coupon.redeemed' as const,
    programId,
    memberId: row.member_id,
    payload: {
      couponId: row.id,
      rewardId: row.reward_id,
      kind: row.kind,
      orderId: input.orderId,
      amount: b.amount,
      storeId,
      channel,
      partnerId,
    },
  };
  const { rows } = await sql<{ id: number }>`
    with u as (
      update coupons set status = 'redeemed', redeemed_at = ${now}, redeemed_order_id = ${input.orderId},
        redeemed_store_id = ${storeId}, redeemed_channel = ${channel}, closed_at = ${now}
      where program_id = ${programId} and id = ${row.id} and status = 'active'
        and member_id is not distinct from ${row.member_id}::uuid
        and expires_at is not distinct from ${row.expires_at}::timestamptz
      returning id
    ), e as (
      insert into coupon_events (program_id, coupon_id, type, amount, balance_after, order_id, store_id, channel,
        partner_id, points, ledger_entry_id, actor_type, actor_id, details, at)
      select ${programId}, u.id, 'redeemed', ${b.amount}, ${b.balanceAfter}::bigint, ${input.orderId}, ${storeId},
        ${channel}, ${partnerId}, null, null, ${actor.type}, ${actor.id}, ${JSON.stringify(details)}::jsonb, ${now}
      from u
      returning id
    ), o as (${outboxInsertFrom('u', event, now)})
    select id from e`.execute(db);
  const recorded = rows[0];
  if (!recorded) return undefined;
  return {
    id: Number(recorded.id),
    code: row.display_code,
    orderId: input.orderId,
    amount: b.amount,
    lines: b.lines,
    freeShipping: b.freeShipping,
    balanceAfter: b.balanceAfter,
    storeId,
    channel,
    at: now,
    replayed: false,
  };
}
