// A joined referral qualifies with the friend's first purchase of at least the minimum (net of refunds)
// within the window after joining; then both sides are paid their bonus (points, a reward, or both), each
// exactly once: the referral row is locked, each side's payout has a unique key, and the points carry an
// idempotency key of their own. A referrer over the program's cap still sees the referral qualify, but
// their bonus is blocked with the reason; enough qualified referrals make the referrer an ambassador, once.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { lockCounterKey } from '../../platform/db/locks.ts';
import { publishEvent, subscribe } from '../../platform/events/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/index.ts';
import { awardPointsInTransaction, listPurchases } from '../loyalty/index.ts';
import { grantReward } from '../rewards/index.ts';
import './events.ts';
import { getReferralSettings, type ReferralSettings } from './settings.ts';
import type { CapPeriod, PayoutSide, ReferralsTable } from './tables.ts';
import type { Selectable } from 'kysely';

const PERIOD_DAYS: Record<CapPeriod, number> = { day: 1, week: 7, month: 30, year: 365 };

export type QualifyOutcome = 'qualified' | 'expired' | 'pending' | 'none';

interface Payout {
  side: PayoutSide;
  memberId: string;
  points: number;
  rewardId: string | null;
  blocked?: string;
}

/** Pays one side once: a second call finds the payout row and pays nothing. */
async function pay(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  referralId: string | null,
  p: Payout,
) {
  const row = await trx
    .insertInto('referral_payouts')
    .values({
      program_id: programId,
      referral_id: referralId,
      member_id: p.memberId,
      side: p.side,
      status: p.blocked ? 'blocked' : 'paid',
      reason: p.blocked ?? null,
      points: p.blocked ? 0 : p.points,
      ledger_entry_id: null,
      coupon_id: null,
      at: clock.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row || p.blocked) return;
  const key = referralId ? `referral:${referralId}:${p.side}` : `referral:ambassador:${p.memberId}`;
  const ledgerEntryId =
    p.points > 0
      ? await awardPointsInTransaction(trx, clock, actor, programId, p.memberId, {
          points: p.points,
          reason: `referral bonus (${p.side})`,
          idempotencyKey: key,
          details: { referralId, side: p.side },
        })
      : null;
  let couponId: string | null = null;
  let reason: string | null = null;
  if (p.rewardId) {
    try {
      couponId = (
        await grantReward(trx, clock, actor, {
          programId,
          memberId: p.memberId,
          rewardId: p.rewardId,
          why: { referralId, side: p.side },
        })
      ).id;
    } catch (e) {
      // The points are still paid; the reward that could not be given is named on the payout.
      if (!(e instanceof AppError)) throw e;
      reason = e.code;
    }
  }
  await trx
    .updateTable('referral_payouts')
    .set({ ledger_entry_id: ledgerEntryId, coupon_id: couponId, reason })
    .where('program_id', '=', programId)
    .where('id', '=', row.id)
    .execute();
}

async function qualifyingPurchase(
  db: Db,
  referral: Selectable<ReferralsTable>,
  settings: ReferralSettings,
): Promise<{ orderId: string; total: number } | null> {
  const { items } = await listPurchases(db, referral.program_id, {
    memberId: referral.referee_id,
    limit: 100,
  });
  const eligible = items
    .filter((p) => p.occurredAt >= referral.joined_at && p.occurredAt <= referral.qualify_by)
    .map((p) => ({ ...p, net: p.total - p.refunds.reduce((sum, r) => sum + r.amount, 0) }))
    .filter((p) => p.net >= settings.minPurchase && p.net > 0)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const first = eligible[0];
  return first ? { orderId: first.orderId, total: first.net } : null;
}

async function referrerBonus(
  trx: Db,
  programId: string,
  referrerId: string,
  settings: ReferralSettings,
  now: Date,
) {
  const bonus: Payout = {
    side: 'referrer',
    memberId: referrerId,
    points: settings.referrerPoints,
    rewardId: settings.referrerRewardId,
  };
  if (!settings.referrerCap) return bonus;
  const since = new Date(now.getTime() - PERIOD_DAYS[settings.referrerCap.period] * 86_400_000);
  const paid = await trx
    .selectFrom('referral_payouts')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('program_id', '=', programId)
    .where('member_id', '=', referrerId)
    .where('side', '=', 'referrer')
    .where('status', '=', 'paid')
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return paid.n >= settings.referrerCap.count ? { ...bonus, blocked: 'referrer_cap_reached' } : bonus;
}

/**
 * Looks at one friend's referral: qualifies it (and pays both sides) when their qualifying purchase is
 * there, expires it when the window has passed. Safe to call any number of times, concurrently.
 */
export async function checkReferee(
  db: Db,
  clock: Clock,
  programId: string,
  refereeId: string,
  actor: AuditActor = SYSTEM_ACTOR,
): Promise<QualifyOutcome> {
  return db
    .transaction()
    .execute((trx) => checkRefereeInTransaction(trx, clock, programId, refereeId, actor));
}

/** checkReferee in the caller's transaction (an event handler's). */
async function checkRefereeInTransaction(
  trx: Db,
  clock: Clock,
  programId: string,
  refereeId: string,
  actor: AuditActor,
): Promise<QualifyOutcome> {
  const peek = await trx
    .selectFrom('referrals')
    .select('referrer_id')
    .where('program_id', '=', programId)
    .where('referee_id', '=', refereeId)
    .executeTakeFirst();
  if (!peek) return 'none';
  // One referrer's bonuses are decided one at a time, so caps and the ambassador count hold.
  await lockCounterKey(trx, `referrals:${programId}:${peek.referrer_id}`);
  const referral = await trx
    .selectFrom('referrals')
    .selectAll()
    .where('program_id', '=', programId)
    .where('referee_id', '=', refereeId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (referral.status !== 'joined') return referral.status === 'qualified' ? 'qualified' : 'none';
  const now = clock.now();
  const settings = await getReferralSettings(trx, programId);
  const purchase = await qualifyingPurchase(trx, referral, settings);
  if (!purchase) {
    if (now <= referral.qualify_by) return 'pending';
    await trx
      .updateTable('referrals')
      .set({ status: 'expired' })
      .where('program_id', '=', programId)
      .where('id', '=', referral.id)
      .execute();
    return 'expired';
  }
  await trx
    .updateTable('referrals')
    .set({
      status: 'qualified',
      qualified_at: now,
      order_id: purchase.orderId,
      order_total: purchase.total,
    })
    .where('program_id', '=', programId)
    .where('id', '=', referral.id)
    .execute();
  const referrerPayout = await referrerBonus(trx, programId, referral.referrer_id, settings, now);
  await pay(trx, clock, actor, programId, referral.id, {
    side: 'referee',
    memberId: referral.referee_id,
    points: settings.refereePoints,
    rewardId: settings.refereeRewardId,
  });
  await pay(trx, clock, actor, programId, referral.id, referrerPayout);
  await publishEvent(
    trx,
    clock,
    {
      type: 'referral.qualified',
      programId,
      memberId: referral.referrer_id,
      payload: {
        referralId: referral.id,
        referrerId: referral.referrer_id,
        refereeId: referral.referee_id,
        orderId: purchase.orderId,
        referrerPoints: referrerPayout.blocked ? 0 : referrerPayout.points,
        refereePoints: settings.refereePoints,
      },
    },
    { actor },
  );
  if (settings.ambassador) {
    const qualified = await trx
      .selectFrom('referrals')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('program_id', '=', programId)
      .where('referrer_id', '=', referral.referrer_id)
      .where('status', '=', 'qualified')
      .executeTakeFirstOrThrow();
    if (qualified.n >= settings.ambassador.after) {
      await pay(trx, clock, actor, programId, null, {
        side: 'ambassador',
        memberId: referral.referrer_id,
        points: settings.ambassador.points,
        rewardId: null,
      });
    }
  }
  return 'qualified';
}

/**
 * purchase.recorded → the friend's referral qualifies as soon as their qualifying purchase is recorded, in the
 * dispatcher's transaction (handled once with the subscriber's position). Concurrent checks (the sweep, the
 * shop's call) meet the same locks in checkReferee, so both sides are still paid exactly once. The sweep
 * remains for expiry and for purchases recorded before this subscriber started.
 */
export const qualifyOnPurchaseSubscription = subscribe({
  name: 'referrals.qualify-on-purchase',
  types: ['purchase.recorded'],
  from: 'now',
  async handle(trx, event, { clock }) {
    if (!event.memberId) return;
    const joined = await trx
      .selectFrom('referrals')
      .select('id')
      .where('program_id', '=', event.programId)
      .where('referee_id', '=', event.memberId)
      .where('status', '=', 'joined')
      .executeTakeFirst();
    if (joined) await checkRefereeInTransaction(trx, clock, event.programId, event.memberId, SYSTEM_ACTOR);
  },
});

/** The sweep: every joined referral of the program, oldest first (the job runs it every few minutes). */
export async function checkPendingReferrals(
  db: Db,
  clock: Clock,
  programId: string,
): Promise<Record<QualifyOutcome, number>> {
  const pending = await db
    .selectFrom('referrals')
    .select('referee_id')
    .where('program_id', '=', programId)
    .where('status', '=', 'joined')
    .orderBy('joined_at')
    .execute();
  const counts: Record<QualifyOutcome, number> = { qualified: 0, expired: 0, pending: 0, none: 0 };
  for (const r of pending) counts[await checkReferee(db, clock, programId, r.referee_id)]++;
  return counts;
}
