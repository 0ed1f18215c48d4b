// The common purchase — a known member with an account, a new order id, no capped rule, no tier change, no
// inactivity expiry due — is written in one SQL statement instead of a multi-round-trip transaction. The account
// is read first without a lock; rules are evaluated on that snapshot; the single statement then applies
// everything only if the account row is still the version that was read (its xmin). Any surprise — the row
// changed, the order id appeared meanwhile, anything the snapshot cannot decide — gives null and the caller
// takes the full transactional path, which gives the same result. A single statement is atomic on its own.
// Both statements live in PL/pgSQL functions (migration 202612011200) so that their plans are reused.
// Purchases arriving together share their snapshot read and their write (natural batching), so a busy POS
// fleet costs a few round trips and commits per batch instead of several per purchase.
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { naturalBatcher, type Batcher } from '../../platform/db/batcher.ts';
import type { AuditActor } from '../audit/index.ts';
import { inactivityDeadline } from './account.ts';
import { cappedRulesFired } from './caps.ts';
import { lotTiming, purchaseFacts, ruleContext } from './earning.ts';
import type { PurchaseInput } from './purchase-input.ts';
import { evaluateEarning } from './rules/evaluate.ts';
import type { EarningResult } from './rules/types.ts';
import type { LoyaltyConfig } from './settings.ts';
import type { LoyaltyAccountsTable, LoyaltyPurchasesTable } from './tables.ts';
import { decideTier, nextTier } from './tier-rules.ts';
import { tierMetric } from './tiers.ts';

export interface FastPurchase {
  config: LoyaltyConfig;
  actor: AuditActor;
  input: PurchaseInput;
  occurredAt: Date;
  hash: string;
  now: Date;
}

type PurchaseRow = Selectable<LoyaltyPurchasesTable>;

type Snapshot = Pick<
  Selectable<LoyaltyAccountsTable>,
  'tier_key' | 'purchase_count' | 'downgrade_at' | 'last_activity_at' | 'lifetime_earned' | 'lifetime_spend'
> & { version: string; birthday: string | null; order_seen: boolean };

const UNIQUE_VIOLATION = '23505';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Two batches in flight: one reads its snapshots while the other writes and commits.
const BATCHING = { maxBatch: 64, lanes: 2 };

/** The accounts of the batch's members as they are now, by item index (undefined: no active account). */
async function readSnapshots(db: Db, items: FastPurchase[]): Promise<(Snapshot | undefined)[]> {
  const input = items.map((it, idx) => ({
    idx,
    program_id: it.config.programId,
    member_id: it.input.memberId,
    order_id: it.input.orderId,
  }));
  const r = await sql<Snapshot & { idx: number }>`
    select * from loyalty_purchase_snapshots(${JSON.stringify(input)}::jsonb)`.execute(db);
  const out: (Snapshot | undefined)[] = items.map(() => undefined);
  for (const row of r.rows) out[row.idx] = row;
  return out;
}

/** True when the purchase leaves the tier as it is (the full path would write nothing for the tier). */
async function tierUnchanged(
  db: Db,
  config: LoyaltyConfig,
  snap: Snapshot,
  memberId: string,
  earned: { points: number; spend: number; occurredAt: Date },
  now: Date,
): Promise<boolean> {
  if (config.tiers.length === 0) return true;
  const { tierMetric: metricKind, tierWindowDays } = config.settings;
  const contribution = metricKind === 'points' ? earned.points : metricKind === 'spend' ? earned.spend : 1;
  const lifetime =
    (metricKind === 'points'
      ? snap.lifetime_earned
      : metricKind === 'spend'
        ? snap.lifetime_spend
        : snap.purchase_count) + contribution;
  const next = nextTier(config.tiers, snap.tier_key);
  if ((!next || lifetime < next.threshold) && !snap.downgrade_at) return true;
  const since = now.getTime() - tierWindowDays * 86_400_000;
  const inWindow = earned.occurredAt.getTime() > since ? contribution : 0;
  const metric = (await tierMetric(db, config, memberId, now)) + inWindow;
  const decision = decideTier({
    tiers: config.tiers,
    currentKey: snap.tier_key,
    metric,
    downgradeAt: snap.downgrade_at,
    now,
    graceDays: config.settings.tierGraceDays,
    mode: 'purchase',
  });
  return decision.action === 'none';
}

interface Planned {
  item: FastPurchase;
  snap: Snapshot;
  purchaseId: string;
  result: EarningResult;
}

/** Evaluates the rules on the snapshot; null when the full path must decide. */
async function plan(db: Db, item: FastPurchase, snap: Snapshot | undefined): Promise<Planned | null> {
  const { config, input, occurredAt, now } = item;
  if (!snap || snap.order_seen) return null;
  const deadline = inactivityDeadline(config, snap);
  if (deadline && deadline <= now) return null;
  const ctx = ruleContext(
    config,
    snap.tier_key,
    snap.birthday,
    purchaseFacts(input, occurredAt, snap.purchase_count),
  );
  const result = evaluateEarning(config.rules, ctx);
  if (cappedRulesFired(config.rules, result).length > 0) return null;
  const earned = { points: result.points, spend: input.total, occurredAt };
  if (!(await tierUnchanged(db, config, snap, input.memberId, earned, now))) return null;
  return { item, snap, purchaseId: crypto.randomUUID(), result };
}

function inputRow(idx: number, p: Planned) {
  const { config, actor, input, occurredAt, hash, now } = p.item;
  const points = p.result.points;
  const { availableAt, expiresAt, matured } = lotTiming(config, true, now);
  const partnerId = input.partnerId ?? null;
  return {
    idx,
    purchase_id: p.purchaseId,
    program_id: config.programId,
    member_id: input.memberId,
    version: p.snap.version,
    points,
    available: matured ? points : 0,
    pending: matured ? 0 : points,
    total: input.total,
    now,
    reason: `purchase ${input.orderId}`,
    source: partnerId ? 'partner' : 'purchase',
    actor_type: actor.type,
    actor_id: actor.id,
    idempotency_key: `purchase:${input.orderId}`,
    partner_id: partnerId,
    details: { orderId: input.orderId, total: input.total },
    occurred_at: occurredAt,
    available_at: availableAt,
    expires_at: expiresAt,
    matured,
    order_id: input.orderId,
    payload_hash: hash,
    currency: input.currency,
    channel: input.channel ?? null,
    store_id: input.storeId ?? null,
    items: input.items ?? [],
    explanation: p.result,
  };
}

/** Writes the planned purchases in one statement; returns the rows that applied, by purchase id. */
async function writePlanned(db: Db, planned: Planned[]): Promise<Map<string, PurchaseRow>> {
  const input = JSON.stringify(planned.map((p, idx) => inputRow(idx, p)));
  try {
    const r = await sql<PurchaseRow>`select * from loyalty_record_purchases(${input}::jsonb)`.execute(db);
    return new Map(r.rows.map((row) => [row.id, row]));
  } catch (error) {
    // An order id of the batch arrived concurrently elsewhere: nothing was written; the full path sorts it out.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return new Map();
    throw error;
  }
}

async function recordBatch(db: Db, items: FastPurchase[]): Promise<(PurchaseRow | null)[]> {
  const snaps = await readSnapshots(db, items);
  const plans = await Promise.all(items.map((item, i) => plan(db, item, snaps[i])));
  // One purchase per account per statement; the others of the same member take the full path.
  const seen = new Set<string>();
  const accepted = new Map<number, Planned>();
  plans.forEach((p, i) => {
    const key = p && `${p.item.config.programId}:${p.item.input.memberId}`;
    if (p && key && !seen.has(key)) {
      seen.add(key);
      accepted.set(i, p);
    }
  });
  const written = accepted.size > 0 ? await writePlanned(db, [...accepted.values()]) : new Map();
  return items.map((_, i) => {
    const p = accepted.get(i);
    return (p && written.get(p.purchaseId)) ?? null;
  });
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
