// A program's referral settings: what each side earns (points, a reward, or both), what makes a referral
// qualify (a purchase of at least a minimum within N days of joining), caps, the checks for abuse, and the
// targets (per program per month; ambassador after N qualified referrals).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { getReward } from '../rewards/index.ts';
import type { ReferralSettings } from '../../contracts/referrals.ts';

export type { ReferralSettings };

export const DEFAULT_REFERRAL_SETTINGS: ReferralSettings = {
  enabled: true,
  formId: null,
  referrerPoints: 0,
  refereePoints: 0,
  referrerRewardId: null,
  refereeRewardId: null,
  minPurchase: 0,
  qualifyWithinDays: 30,
  referrerCap: null,
  blockSameNetwork: true,
  monthlyTarget: null,
  ambassador: null,
};

export async function getReferralSettings(db: Db, programId: string): Promise<ReferralSettings> {
  const r = await db
    .selectFrom('referral_settings')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  if (!r) return DEFAULT_REFERRAL_SETTINGS;
  return {
    enabled: r.enabled,
    formId: r.form_id,
    referrerPoints: r.referrer_points,
    refereePoints: r.referee_points,
    referrerRewardId: r.referrer_reward_id,
    refereeRewardId: r.referee_reward_id,
    minPurchase: r.min_purchase,
    qualifyWithinDays: r.qualify_within_days,
    referrerCap: r.referrer_cap && r.cap_period ? { count: r.referrer_cap, period: r.cap_period } : null,
    blockSameNetwork: r.block_same_network,
    monthlyTarget: r.monthly_target,
    ambassador: r.ambassador_after ? { after: r.ambassador_after, points: r.ambassador_points } : null,
  };
}

export async function updateReferralSettings(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  patch: Partial<ReferralSettings>,
): Promise<ReferralSettings> {
  return db.transaction().execute(async (trx) => {
    const before = await getReferralSettings(trx, programId);
    const next = { ...before, ...patch };
    // A reward named here must exist in this program (reward_not_found otherwise).
    for (const rewardId of [next.referrerRewardId, next.refereeRewardId]) {
      if (rewardId) await getReward(trx, programId, rewardId);
    }
    const values = {
      enabled: next.enabled,
      form_id: next.formId,
      referrer_points: next.referrerPoints,
      referee_points: next.refereePoints,
      referrer_reward_id: next.referrerRewardId,
      referee_reward_id: next.refereeRewardId,
      min_purchase: next.minPurchase,
      qualify_within_days: next.qualifyWithinDays,
      referrer_cap: next.referrerCap?.count ?? null,
      cap_period: next.referrerCap?.period ?? null,
      block_same_network: next.blockSameNetwork,
      monthly_target: next.monthlyTarget,
      ambassador_after: next.ambassador?.after ?? null,
      ambassador_points: next.ambassador?.points ?? 0,
      updated_at: clock.now(),
    };
    await trx
      .insertInto('referral_settings')
      .values({ program_id: programId, ...values })
      .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'referrals.settings.updated',
      entityType: 'program',
      entityId: programId,
      before,
      after: next,
    });
    return next;
  });
}
