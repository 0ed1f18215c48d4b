// The common purchase — a known member with an account, a new order id, no capped rule, no tier change, no
// inactivity expiry due — is written in one SQL statement, one round trip, instead of a multi-round-trip
// transaction. The rules are evaluated here before the account is read, once for each state the account can be
// in that changes the outcome (each tier; in or out of the birthday month when a rule looks at it), and sent as
// a guarded credit to the statement that writes every credit (record-credits.ts). It reads the account, picks
// the matching outcome, checks that nothing calls for the full path (first purchase, pending downgrade, tier
// threshold reached, inactivity expiry due, order id already recorded) and writes account, ledger entry, lot and
// purchase — only if the account row is still the version it read (its xmin). Whatever it declines takes the
// full transactional path, which writes through the same statement and gives the same result (the parity
// property test, purchase-paths.property.test.ts). Purchases arriving together share one statement and one
// commit (natural batching).
import type { Selectable } from 'kysely';
import { inRequestTransaction } from '../../platform/db/request-transaction.ts';
import { naturalBatcher, type Batcher } from '../../platform/db/batcher.ts';
import type { Db } from '../../platform/db/database.ts';
import { cappedRulesFired } from './caps.ts';
import {
  purchaseCredit,
  purchaseFacts,
  ruleContext,
  tierFacts,
  usesBirthday,
  type PurchaseToRecord,
} from './earning.ts';
import { lapsedThrough } from './local-time.ts';
import { writeCredits, writtenPurchase, type CreditDecline, type CreditOutcome } from './record-credits.ts';
import { evaluateEarning } from './rules/evaluate.ts';
import type { EarningContext, EarningRule, RuleConditions, RuleEffect } from './rules/types.ts';
import type { LoyaltyPurchasesTable } from './tables.ts';
import { LIFETIME_METRIC_COLUMN, metricContribution, nextTier } from './tier-rules.ts';

type PurchaseRow = Selectable<LoyaltyPurchasesTable>;

/** Why a purchase took the full transactional path. */
export type FullPathReason =
  | 'in_transaction'
  | 'member_id_not_uuid'
  | `condition_not_planned:${string}`
  | `effect_not_planned:${string}`
  | 'capped_rule'
  | 'order_raced'
  | CreditDecline;

/**
 * The rule conditions plan() decides before the account is read: those on the purchase itself, and the two
 * on account and member state it plans one outcome per state for (tiers: each tier; birthdayMonth: in and out
 * of the month). A rule with any other condition or effect declines the one-statement path, so a condition
 * added later takes the full path until it is taught here — it can never award differently.
 */
const PLANNED_CONDITIONS: ReadonlySet<string> = new Set<keyof RuleConditions>([
  'skus',
  'categories',
  'channels',
  'partners',
  'stores',
  'daysOfWeek',
  'from',
  'until',
  'minTotal',
  'tiers',
  'birthdayMonth',
]);
const PLANNED_EFFECTS: ReadonlySet<string> = new Set<RuleEffect['type']>([
  'per_spend',
  'multiplier',
  'bonus',
]);

function unplanned(rules: readonly EarningRule[]): FullPathReason | null {
  for (const rule of rules) {
    const condition = Object.keys(rule.conditions).find((c) => !PLANNED_CONDITIONS.has(c));
    if (condition) return `condition_not_planned:${condition}`;
    if (!PLANNED_EFFECTS.has(rule.effect.type)) return `effect_not_planned:${rule.effect.type}`;
  }
  return null;
}

type Planned = ReturnType<typeof purchaseCredit>;

/** The purchase as a guarded credit with its outcome for every account state that matters, or why not. */
function plan(item: PurchaseToRecord): { credit: Planned } | { declined: FullPathReason } {
  const { config, input, occurredAt, now } = item;
  const notPlanned = unplanned(config.rules);
  if (notPlanned) return { declined: notPlanned };
  // Not a first purchase: the statement declines accounts without purchases.
  const base = ruleContext(config, null, null, purchaseFacts(input, occurredAt, 1));
  const { tierMetric, expiryPolicy, expiryMonths } = config.settings;
  // A program without tiers: accounts without a tier (one left with a removed tier's key takes the full path).
  const tiers = config.tiers.length === 0 ? [null] : config.tiers.map((t) => t.key);
  const birthdays = usesBirthday(config) ? [false, true] : [null];
  const outcomes: CreditOutcome[] = [];
  for (const tier of tiers) {
    for (const birthday of birthdays) {
      const ctx: EarningContext = {
        ...base,
        ...tierFacts(config, tier),
        birthdayMonth: birthday ? base.localMonth : null,
      };
      const result = evaluateEarning(config.rules, ctx);
      if (cappedRulesFired(config.rules, result).length > 0) return { declined: 'capped_rule' };
      const next = tier === null ? undefined : nextTier(config.tiers, tier);
      const adds = metricContribution(tierMetric, { points: result.points, total: input.total });
      outcomes.push({
        tier,
        birthday,
        points: result.points,
        explanation: result,
        tierLimit: next
          ? { column: LIFETIME_METRIC_COLUMN[tierMetric], max: next.threshold - adds - 1 }
          : null,
      });
    }
  }
  const guard = {
    localMonth: base.localMonth,
    lapsedThrough: expiryPolicy === 'inactivity' ? lapsedThrough(now, expiryMonths) : null,
  };
  return { credit: purchaseCredit(item, guard, outcomes) };
}

// How purchases were recorded since the process started: the one-statement path, or the full path and why.
// The earn benchmark prints it; a share of full-path purchases is what the benchmark's figures depend on.
const paths = new Map<string, number>();
const count = (path: 'one_statement' | FullPathReason) => paths.set(path, (paths.get(path) ?? 0) + 1);

/** Purchases per path since the process started (or the last reset): `one_statement`, or the full path's reason. */
export function purchasePaths(options: { reset?: boolean } = {}): Record<string, number> {
  const snapshot = Object.fromEntries(paths);
  if (options.reset) paths.clear();
  return snapshot;
}

const UNIQUE_VIOLATION = '23505';

async function recordBatch(db: Db, items: PurchaseToRecord[]): Promise<(PurchaseRow | null)[]> {
  const planned: Planned[] = [];
  const slot = items.map((item) => {
    const p = plan(item);
    if ('declined' in p) {
      count(p.declined);
      return -1;
    }
    return planned.push(p.credit) - 1;
  });
  let results: Awaited<ReturnType<typeof writeCredits>> = [];
  try {
    if (planned.length > 0) results = await writeCredits(db, planned);
  } catch (error) {
    // An order id of the batch arrived concurrently elsewhere: nothing was written; the full path sorts it out.
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    for (let i = 0; i < planned.length; i++) count('order_raced');
    return items.map(() => null);
  }
  return slot.map((i) => {
    if (i < 0) return null;
    const r = results[i]!;
    if (!r.applied) {
      count(r.declined);
      return null;
    }
    count('one_statement');
    const credit = planned[i]!;
    return writtenPurchase(credit, credit.outcomes[r.outcome]!, r.ledgerEntryId);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Two batches in flight: one is written and committed while the next one gathers. A member's purchases are
// never in flight together (one account update per statement; no batch waits on the other's row lock).
const BATCHING = {
  maxBatch: 64,
  lanes: 2,
  keyOf: (p: PurchaseToRecord) => `${p.config.programId}:${p.input.memberId}`,
};

const batchers = new WeakMap<Db, Batcher<PurchaseToRecord, PurchaseRow | null>>();

/**
 * Records the purchase on the one-statement path, together with any others arriving at the same time.
 * Resolves to the purchase row, or null when the caller must use the full transactional path (inside a
 * caller's transaction it always must: the batch commits on its own).
 */
export function recordPurchaseInOneStatement(db: Db, item: PurchaseToRecord): Promise<PurchaseRow | null> {
  // The one statement batches purchases of many requests together; a transaction (a request's too) keeps its own.
  if (db.isTransaction || inRequestTransaction()) {
    count('in_transaction');
    return Promise.resolve(null);
  }
  if (!UUID.test(item.input.memberId)) {
    count('member_id_not_uuid');
    return Promise.resolve(null);
  }
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = naturalBatcher((items) => recordBatch(db, items), BATCHING);
    batchers.set(db, batcher);
  }
  return batcher.submit(item);
}
