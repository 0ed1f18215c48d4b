// Tier evaluation against the program's qualifying metric over a rolling window, and tier changes with
// their reason recorded as loyalty events.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AccountRow } from './account.ts';
import { lockAccount } from './account.ts';
import { emitLoyaltyEvent } from './outbox.ts';
import { loadLoyaltyConfig, type LoyaltyConfig } from './settings.ts';
import { decideTier, LIFETIME_METRIC_COLUMN, nextTier, type TierEvaluationMode } from './tier-rules.ts';

/** The qualifying metric (points earned, spend, or purchase count) over the rolling window ending now. */
export async function tierMetric(
  db: Db,
  config: LoyaltyConfig,
  memberId: string,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - config.settings.tierWindowDays * 86_400_000);
  const { programId } = config;
  if (config.settings.tierMetric === 'points') {
    const r = await sql<{ v: number }>`
      select coalesce(sum(points), 0)::bigint as v from loyalty_ledger
      where program_id = ${programId} and member_id = ${memberId} and kind in ('earn', 'reverse')
        and occurred_at > ${since}`.execute(db);
    return r.rows[0]!.v;
  }
  const r = await sql<{ spend: number; n: number }>`
    select coalesce(sum(total - refunded_total), 0)::bigint as spend,
           (count(*) filter (where refunded_total < total))::bigint as n
    from loyalty_purchases
    where program_id = ${programId} and member_id = ${memberId} and occurred_at > ${since}`.execute(db);
  return config.settings.tierMetric === 'spend' ? r.rows[0]!.spend : r.rows[0]!.n;
}

/** A cheap upper bound of the window metric, to skip the window query when no upgrade is possible. */
const lifetimeMetric = (config: LoyaltyConfig, account: AccountRow): number =>
  account[LIFETIME_METRIC_COLUMN[config.settings.tierMetric]];

/** Re-evaluates a locked account's tier. Returns the new tier key when it changed. */
export async function evaluateAccountTier(
  db: Db,
  config: LoyaltyConfig,
  account: AccountRow,
  now: Date,
  mode: TierEvaluationMode,
): Promise<string | null> {
  if (config.tiers.length === 0) return null;
  if (mode === 'purchase') {
    const next = nextTier(config.tiers, account.tier_key);
    if (!next || lifetimeMetric(config, account) < next.threshold) {
      if (!account.downgrade_at) return null;
    }
  }
  const metric = await tierMetric(db, config, account.member_id, now);
  const decision = decideTier({
    tiers: config.tiers,
    currentKey: account.tier_key,
    metric,
    downgradeAt: account.downgrade_at,
    now,
    graceDays: config.settings.tierGraceDays,
    mode,
  });
  const update = (set: { tier_key?: string; tier_since?: Date; downgrade_at: Date | null }) =>
    db
      .updateTable('loyalty_accounts')
      .set({ ...set, updated_at: now })
      .where('program_id', '=', config.programId)
      .where('member_id', '=', account.member_id)
      .execute();
  switch (decision.action) {
    case 'none':
      return null;
    case 'start_grace':
      await update({ downgrade_at: decision.downgradeAt });
      return null;
    case 'clear_grace':
      await update({ downgrade_at: null });
      return null;
    case 'upgrade':
    case 'downgrade': {
      await update({ tier_key: decision.to.key, tier_since: now, downgrade_at: null });
      await emitLoyaltyEvent(db, {
        programId: config.programId,
        memberId: account.member_id,
        type: 'tier.changed',
        payload: {
          from: account.tier_key,
          to: decision.to.key,
          direction: decision.action,
          reason:
            decision.action === 'upgrade'
              ? `qualified: ${config.settings.tierMetric} ${metric} ≥ ${decision.to.threshold}`
              : mode === 'refund'
                ? `refunded: ${config.settings.tierMetric} ${metric} net of refunds below the tier's threshold`
                : `grace period ended: ${config.settings.tierMetric} ${metric} below the tier's threshold`,
          metric: config.settings.tierMetric,
          value: metric,
          windowDays: config.settings.tierWindowDays,
        },
        at: now,
      });
      return decision.to.key;
    }
  }
}

/** The scheduled re-evaluation: every account of the program, one short transaction each. */
export async function reevaluateTiers(
  db: Db,
  clock: Clock,
  programId: string,
): Promise<{ accounts: number; changed: number }> {
  const config = await loadLoyaltyConfig(db, programId);
  let after = '00000000-0000-0000-0000-000000000000';
  let accounts = 0;
  let changed = 0;
  for (;;) {
    const batch = await db
      .selectFrom('loyalty_accounts')
      .select('member_id')
      .where('program_id', '=', programId)
      .where('member_id', '>', after)
      .orderBy('member_id')
      .limit(500)
      .execute();
    if (batch.length === 0) break;
    for (const { member_id } of batch) {
      const now = clock.now();
      const result = await db.transaction().execute(async (trx) => {
        const account = await lockAccount(trx, config, member_id, now).catch(() => undefined);
        return account ? evaluateAccountTier(trx, config, account, now, 'reevaluation') : null;
      });
      accounts++;
      if (result) changed++;
    }
    after = batch[batch.length - 1]!.member_id;
  }
  return { accounts, changed };
}
