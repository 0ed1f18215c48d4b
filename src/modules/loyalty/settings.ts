// Program-level loyalty configuration: settings row, ordered tiers and active earning rules. Read on every
// purchase, so it is cached in-process for a couple of seconds; writes in this process invalidate at once.
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { EarningRule } from './rules/types.ts';
import { ruleFromRow } from './earning-rules.ts';
import type {
  ExpiryPolicy,
  LocalizedNames,
  NegativeBalancePolicy,
  SignupBonusSource,
  TierMetric,
} from './tables.ts';

export interface LoyaltySettings {
  pendingDays: number;
  expiryPolicy: ExpiryPolicy;
  expiryMonths: number;
  expiryWarningDays: number;
  negativeBalancePolicy: NegativeBalancePolicy;
  transfersEnabled: boolean;
  transferMinPoints: number;
  transferMaxPointsPerDay: number;
  tierMetric: TierMetric;
  tierWindowDays: number;
  tierGraceDays: number;
  /** Ways of becoming a member that award the `signup` event rules when the member is created. */
  signupBonusSources: SignupBonusSource[];
}

export interface TierBenefits {
  earnMultiplier?: number;
  rewardAccess?: string[];
  earlyAccess?: boolean;
}

export interface Tier {
  key: string;
  name: string;
  /** The name per language; `name` where a language has none. */
  names?: LocalizedNames | undefined;
  rank: number;
  threshold: number;
  benefits: TierBenefits;
}

export interface LoyaltyConfig {
  programId: string;
  currency: string;
  timeZone: string;
  settings: LoyaltySettings;
  /** Lowest rank first. */
  tiers: Tier[];
  rules: EarningRule[];
}

export const DEFAULT_TIERS: Tier[] = [
  {
    key: 'regular',
    name: 'Regular',
    names: { en: 'Regular', he: 'רגיל', fa: 'عادی' },
    rank: 1,
    threshold: 0,
    benefits: { earnMultiplier: 1 },
  },
  {
    key: 'loyal',
    name: 'Loyal',
    names: { en: 'Loyal', he: 'נאמן', fa: 'وفادار' },
    rank: 2,
    threshold: 1000,
    benefits: { earnMultiplier: 1.25 },
  },
  {
    key: 'ambassador',
    name: 'Ambassador',
    names: { en: 'Ambassador', he: 'שגריר', fa: 'سفیر' },
    rank: 3,
    threshold: 5000,
    benefits: { earnMultiplier: 1.5, earlyAccess: true },
  },
];

/** Creates the settings row and the three default tiers for a program that has none. Safe to repeat. */
export async function ensureLoyaltyDefaults(db: Db, programId: string): Promise<void> {
  const inserted = await db
    .insertInto('loyalty_settings')
    .values({ program_id: programId })
    .onConflict((oc) => oc.column('program_id').doNothing())
    .returning('program_id')
    .executeTakeFirst();
  if (!inserted) return;
  await db
    .insertInto('loyalty_tiers')
    .values(
      DEFAULT_TIERS.map((t) => ({
        program_id: programId,
        key: t.key,
        name: t.name,
        names: JSON.stringify(t.names ?? {}),
        rank: t.rank,
        threshold: t.threshold,
        benefits: JSON.stringify(t.benefits),
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

type SettingsRow = {
  pending_days: number;
  expiry_policy: ExpiryPolicy;
  expiry_months: number;
  expiry_warning_days: number;
  negative_balance_policy: NegativeBalancePolicy;
  transfers_enabled: boolean;
  transfer_min_points: number;
  transfer_max_points_per_day: number;
  tier_metric: TierMetric;
  tier_window_days: number;
  tier_grace_days: number;
  signup_bonus_sources: SignupBonusSource[];
};

export function settingsView(row: SettingsRow): LoyaltySettings {
  return {
    pendingDays: row.pending_days,
    expiryPolicy: row.expiry_policy,
    expiryMonths: row.expiry_months,
    expiryWarningDays: row.expiry_warning_days,
    negativeBalancePolicy: row.negative_balance_policy,
    transfersEnabled: row.transfers_enabled,
    transferMinPoints: row.transfer_min_points,
    transferMaxPointsPerDay: row.transfer_max_points_per_day,
    tierMetric: row.tier_metric,
    tierWindowDays: row.tier_window_days,
    tierGraceDays: row.tier_grace_days,
    signupBonusSources: row.signup_bonus_sources,
  };
}

const CACHE_MS = 2000;
const cache = new Map<string, { config: LoyaltyConfig; loadedAt: number }>();

export function invalidateLoyaltyConfig(programId: string): void {
  cache.delete(programId);
}

/** The program's loyalty configuration (creating defaults on first use). */
export async function loadLoyaltyConfig(db: Db, programId: string): Promise<LoyaltyConfig> {
  const hit = cache.get(programId);
  if (hit && performance.now() - hit.loadedAt < CACHE_MS) return hit.config;
  const program = await db
    .selectFrom('programs')
    .select(['currency', 'time_zone'])
    .where('id', '=', programId)
    .executeTakeFirst();
  if (!program) throw notFound('program', programId);
  let settings = await db
    .selectFrom('loyalty_settings')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  const creatingDefaults = !settings;
  if (!settings) {
    await ensureLoyaltyDefaults(db, programId);
    settings = await db
      .selectFrom('loyalty_settings')
      .selectAll()
      .where('program_id', '=', programId)
      .executeTakeFirstOrThrow();
  }
  const [tiers, rules] = await Promise.all([
    db.selectFrom('loyalty_tiers').selectAll().where('program_id', '=', programId).orderBy('rank').execute(),
    db
      .selectFrom('loyalty_earning_rules')
      .selectAll()
      .where('program_id', '=', programId)
      .where('deleted_at', 'is', null)
      .where('active', '=', true)
      .execute(),
  ]);
  const config: LoyaltyConfig = {
    programId,
    currency: program.currency,
    timeZone: program.time_zone,
    settings: settingsView(settings),
    tiers: tiers.map((t) => ({
      key: t.key,
      name: t.name,
      names: t.names,
      rank: t.rank,
      threshold: t.threshold,
      benefits: t.benefits as TierBenefits,
    })),
    rules: rules.map(ruleFromRow),
  };
  // Defaults created inside a caller's transaction (e.g. a member's creation) vanish if it rolls back; a cached
  // copy would then name tiers that do not exist.
  if (!(creatingDefaults && db.isTransaction)) cache.set(programId, { config, loadedAt: performance.now() });
  return config;
}
