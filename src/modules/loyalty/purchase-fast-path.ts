// The common purchase — a known member with an account, a new order id, no capped rule, no tier change, no
// inactivity expiry due — is written in one SQL statement, one round trip, instead of a multi-round-trip
// transaction. The rules are evaluated here before the account is read, once for each state the account can be
// in that changes the outcome (each tier; in or out of the birthday month when a rule looks at it). The statement
// reads the account, picks the matching outcome, checks that nothing calls for the full path (first purchase,
// pending downgrade, tier threshold reached, inactivity expiry due, order id already recorded) and writes
// account, ledger entry, lot and purchase — only if the account row is still the version it read (its xmin).
// Whatever it declines takes the full transactional path, which gives the same result. A single statement is
// atomic on its own. The statement lives in a PL/pgSQL function (migration 202612011202) so its plan is reused.
// Purchases arriving together share one statement and one commit (natural batching).
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { naturalBatcher, type Batcher } from '../../platform/db/batcher.ts';
import type { AuditActor } from '../audit/index.ts';
import { cappedRulesFired } from './caps.ts';
import { lotTiming, purchaseFacts, ruleContext, tierFacts, usesBirthday } from './earning.ts';
import { purchaseColumns, type PurchaseInput } from './purchase-input.ts';
import { evaluateEarning } from './rules/evaluate.ts';
import type { EarningContext, EarningResult } from './rules/types.ts';
import type { LoyaltyConfig } from './settings.ts';
import type { LoyaltyPurchasesTable } from './tables.ts';
import { nextTier } from './tier-rules.ts';

export interface FastPurchase {
  config: LoyaltyConfig;
  actor: AuditActor;
  input: PurchaseInput;
  occurredAt: Date;
  hash: string;
  now: Date;
}

type PurchaseRow = Selectable<LoyaltyPurchasesTable>;

/** The outcome for one state of the account; the statement applies the first that matches the account. */
interface Outcome {
  n: number;
  /** The account's tier (null in a program without tiers). */
  tier: string | null;
  /** In (true) or out of (false) the birthday month; null when no rule looks at it. */
  birthday: boolean | null;
  points: number;
  /** The threshold of the next tier up and what this purchase adds to the tier metric: reaching it declines. */
  next_threshold: number | null;
  contribution: number;
  explanation: EarningResult;
}

interface Planned {
  item: FastPurchase;
  purchaseId: string;
  outcomes: Outcome[];
  /** The month of the purchase in the program's time zone, for birthday-month rules. */
  localMonth: number;
}

const UNIQUE_VIOLATION = '23505';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Two batches in flight: one is written and committed while the next one gathers. A member's purchases are
// never in flight together (one account update per statement; no batch waits on the other's row lock).
const BATCHING = {
  maxBatch: 64,
  lanes: 2,
  keyOf: (p: FastPurchase) => `${p.config.programId}:${p.input.memberId}`,
};

/** The purchase's outcome for every account state that matters; null when a capped rule fires in any. */
function plan(item: FastPurchase): Planned | null {
  const { config, input, occurredAt } = item;
  // Not a first purchase: the statement declines accounts without purchases.
  const base = ruleContext(config, null, null, purchaseFacts(input, occurredAt, 1));
  const { tierMetric } = config.settings;
  // A program without tiers: accounts without a tier (one left with a removed tier's key takes the full path).
  const tiers = config.tiers.length === 0 ? [null] : config.tiers.map((t) => t.key);
  const birthdays = usesBirthday(config) ? [false, true] : [null];
  const outcomes: Outcome[] = [];
  for (const tier of tiers) {
    for (const birthday of birthdays) {
      const ctx: EarningContext = {
        ...base,
        ...tierFacts(config, tier),
        birthdayMonth: birthday ? base.localMonth : null,
      };
      const result = evaluateEarning(config.rules, ctx);
      if (cappedRulesFired(config.rules, result).length > 0) return null;
      const next = tier === null ? undefined : nextTier(config.tiers, tier);
      outcomes.push({
        n: outcomes.length,
        tier,
        birthday,
        points: result.points,
        next_threshold: next?.threshold ?? null,
        contribution: tierMetric === 'points' ? result.points : tierMetric === 'spend' ? input.total : 1,
        explanation: result,
      });
    }
  }
  return { item, purchaseId: crypto.randomUUID(), outcomes, localMonth: base.localMonth };
}

function inputRow(idx: number, p: Planned) {
  const { config, actor, input, occurredAt, hash, now } = p.item;
  const { availableAt, expiresAt, matured } = lotTiming(config, true, now);
  const partnerId = input.partnerId ?? null;
  const s = config.settings;
  return {
    idx,
    purchase_id: p.purchaseId,
    ...purchaseColumns(config.programId, input, occurredAt, hash),
    now,
    matured,
    available_at: availableAt,
    expires_at: expiresAt,
    reason: `purchase ${input.orderId}`,
    source: partnerId ? 'partner' : 'purchase',
    actor_type: actor.type,
    actor_id: actor.id,
    idempotency_key: `purchase:${input.orderId}`,
    details: { orderId: input.orderId, total: input.total },
    items: input.items ?? [],
    local_month: p.localMonth,
    inactivity_months: s.expiryPolicy === 'inactivity' ? s.expiryMonths : null,
    tier_metric: s.tierMetric,
    outcomes: p.outcomes,
  };
}

/** The purchase row as the statement wrote it. */
function writtenRow(p: Planned, outcome: Outcome, ledgerEntryId: number | null): PurchaseRow {
  const { config, input, occurredAt, hash, now } = p.item;
  return {
    id: p.purchaseId,
    ...purchaseColumns(config.programId, input, occurredAt, hash),
    items: input.items ?? [],
    points_earned: outcome.points,
    refunded_total: 0,
    points_reversed: 0,
    ledger_entry_id: ledgerEntryId,
    explanation: outcome.explanation as unknown as Record<string, unknown>,
    created_at: now,
  };
}

/** Writes the planned purchases in one statement; the rows that applied, by index into `planned`. */
async function writePlanned(db: Db, planned: Planned[]): Promise<Map<number, PurchaseRow>> {
  const input = JSON.stringify(planned.map((p, idx) => inputRow(idx, p)));
  try {
    const r = await sql<{ idx: number; outcome: number; ledger_entry_id: number | null }>`
      select * from loyalty_record_purchases(${input}::jsonb)`.execute(db);
    return new Map(
      r.rows.map((row) => {
        const p = planned[row.idx]!;
        return [row.idx, writtenRow(p, p.outcomes[row.outcome]!, row.ledger_entry_id)];
      }),
    );
  } catch (error) {
    // An order id of the batch arrived concurrently elsewhere: nothing was written; the full path sorts it out.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return new Map();
    throw error;
  }
}

async function recordBatch(db: Db, items: FastPurchase[]): Promise<(PurchaseRow | null)[]> {
  const planned: Planned[] = [];
  const slot = items.map((item) => {
    const p = plan(item);
    return p ? planned.push(p) - 1 : -1;
  });
  const written = planned.length > 0 ? await writePlanned(db, planned) : new Map<number, PurchaseRow>();
  return slot.map((i) => written.get(i) ?? null);
}

const batchers = new WeakMap<Db, Batcher<FastPurchase, PurchaseRow | null>>();

/**
 * Records the purchase on the one-statement path, together with any others arriving at the same time.
 * Resolves to the purchase row, or null when the caller must use the full transactional path.
 */
export function recordPurchaseInOneStatement(db: Db, item: FastPurchase): Promise<PurchaseRow | null> {
  if (!UUID.test(item.input.memberId)) return Promise.resolve(null);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = naturalBatcher((items) => recordBatch(db, items), BATCHING);
    batchers.set(db, batcher);
  }
  return batcher.submit(item);
}
