// Editing a program's loyalty settings and tiers (audited; the in-process config cache is invalidated).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import {
  ensureLoyaltyDefaults,
  invalidateLoyaltyConfig,
  loadLoyaltyConfig,
  settingsView,
  type LoyaltySettings,
  type Tier,
} from './settings.ts';

export async function getLoyaltySettings(db: Db, programId: string): Promise<LoyaltySettings> {
  invalidateLoyaltyConfig(programId);
  return (await loadLoyaltyConfig(db, programId)).settings;
}

export async function updateLoyaltySettings(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  patch: Partial<LoyaltySettings>,
): Promise<LoyaltySettings> {
  const after = await db.transaction().execute(async (trx) => {
    await ensureLoyaltyDefaults(trx, programId);
    const before = settingsView(
      await trx
        .selectFrom('loyalty_settings')
        .selectAll()
        .where('program_id', '=', programId)
        .forUpdate()
        .executeTakeFirstOrThrow(),
    );
    const row = await trx
      .updateTable('loyalty_settings')
      .set({
        ...(patch.pendingDays !== undefined ? { pending_days: patch.pendingDays } : {}),
        ...(patch.expiryPolicy !== undefined ? { expiry_policy: patch.expiryPolicy } : {}),
        ...(patch.expiryMonths !== undefined ? { expiry_months: patch.expiryMonths } : {}),
        ...(patch.expiryWarningDays !== undefined ? { expiry_warning_days: patch.expiryWarningDays } : {}),
        ...(patch.negativeBalancePolicy !== undefined
          ? { negative_balance_policy: patch.negativeBalancePolicy }
          : {}),
        ...(patch.transfersEnabled !== undefined ? { transfers_enabled: patch.transfersEnabled } : {}),
        ...(patch.transferMinPoints !== undefined ? { transfer_min_points: patch.transferMinPoints } : {}),
        ...(patch.transferMaxPointsPerDay !== undefined
          ? { transfer_max_points_per_day: patch.transferMaxPointsPerDay }
          : {}),
        ...(patch.tierMetric !== undefined ? { tier_metric: patch.tierMetric } : {}),
        ...(patch.tierWindowDays !== undefined ? { tier_window_days: patch.tierWindowDays } : {}),
        ...(patch.tierGraceDays !== undefined ? { tier_grace_days: patch.tierGraceDays } : {}),
        ...(patch.signupBonusSources !== undefined
          ? { signup_bonus_sources: [...new Set(patch.signupBonusSources)] }
          : {}),
        updated_at: clock.now(),
      })
      .where('program_id', '=', programId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = settingsView(row);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.settings.updated',
      entityType: 'loyalty_settings',
      entityId: programId,
      before,
      after: view,
    });
    return view;
  });
  invalidateLoyaltyConfig(programId);
  return after;
}

export async function listTiers(db: Db, programId: string): Promise<Tier[]> {
  invalidateLoyaltyConfig(programId);
  return (await loadLoyaltyConfig(db, programId)).tiers;
}

/** Replaces the program's tier ladder. Ranks and thresholds must both increase; the first tier starts at 0. */
export async function replaceTiers(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  tiers: Tier[],
): Promise<Tier[]> {
  const sorted = [...tiers].sort((a, b) => a.rank - b.rank);
  // reason (and the tier concerned) let clients say what is wrong in the user's language.
  const bad = (message: string, reason: string, tier?: Tier) =>
    new AppError('invalid_tiers', 400, message, { reason, ...(tier ? { tier: tier.key } : {}) });
  if (sorted.length === 0) throw bad('A program needs at least one tier', 'none');
  if (sorted[0]!.threshold !== 0)
    throw bad('The first tier must have threshold 0', 'first_threshold', sorted[0]);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.rank === sorted[i - 1]!.rank)
      throw bad('Tier ranks must be unique', 'rank_twice', sorted[i]);
    if (sorted[i]!.threshold <= sorted[i - 1]!.threshold)
      throw bad('Thresholds must increase with rank', 'threshold_order', sorted[i]);
  }
  if (new Set(sorted.map((t) => t.key)).size !== sorted.length)
    throw bad('Tier keys must be unique', 'key_twice');
  await db.transaction().execute(async (trx) => {
    await ensureLoyaltyDefaults(trx, programId);
    const before = await trx
      .selectFrom('loyalty_tiers')
      .selectAll()
      .where('program_id', '=', programId)
      .execute();
    await trx.deleteFrom('loyalty_tiers').where('program_id', '=', programId).execute();
    await trx
      .insertInto('loyalty_tiers')
      .values(
        sorted.map((t) => ({
          program_id: programId,
          key: t.key,
          name: t.name,
          names: JSON.stringify(t.names ?? {}),
          rank: t.rank,
          threshold: t.threshold,
          benefits: JSON.stringify(t.benefits ?? {}),
        })),
      )
      .execute();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.tiers.replaced',
      entityType: 'loyalty_tiers',
      entityId: programId,
      before,
      after: sorted,
    });
  });
  invalidateLoyaltyConfig(programId);
  return sorted;
}
