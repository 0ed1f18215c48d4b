// The common purchase — a known member with an account, a new order id, no capped rule, no tier change, no
// inactivity expiry due — is written in one SQL statement instead of a multi-round-trip transaction. The account
// is read first without a lock; rules are evaluated on that snapshot; the single statement then applies
// everything only if the account row is still the version that was read (its xmin). Any surprise — the row
// changed, the order id appeared meanwhile, anything the snapshot cannot decide — gives null and the caller
// takes the full transactional path, which gives the same result. A single statement is atomic on its own.
// Purchases arriving together share their snapshot read and their write (natural batching), so a busy POS
// fleet costs a few round trips and commits per batch instead of several per purchase.
import crypto from 'node:crypto';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { naturalBatcher, type Batcher } from '../../platform/db/batcher.ts';
import type { AuditActor } from '../audit/index.ts';
import { inactivityDeadline } from './account.ts';
import { cappedRulesFired } from './caps.ts';
import { lotTiming, ruleContext } from './earning.ts';
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
  const rows = sql.join(
    items.map(
      (it, idx) =>
        sql`(${idx}::int, ${it.config.programId}::uuid, ${it.input.memberId}::uuid, ${it.input.orderId}::text)`,
    ),
  );
  const r = await sql<Snapshot & { idx: number }>`
    select i.idx, a.xmin::text as version, a.tier_key, a.purchase_count, a.downgrade_at, a.last_activity_at,
      a.lifetime_earned, a.lifetime_spend, m.birthday,
      exists (select 1 from loyalty_purchases p
              where p.program_id = i.program_id and p.order_id = i.order_id) as order_seen
    from (values ${rows}) as i (idx, program_id, member_id, order_id)
    join members m on m.id = i.member_id and m.program_id = i.program_id and m.deleted_at is null
    join loyalty_accounts a on a.program_id = m.program_id and a.member_id = m.id`.execute(db);
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
  const ctx = ruleContext(config, snap.tier_key, snap.birthday, {
    trigger: 'purchase',
    events: snap.purchase_count === 0 ? ['first_purchase'] : [],
    total: input.total,
    items: input.items ?? [],
    channel: input.channel,
    partnerId: input.partnerId,
    storeId: input.storeId,
    at: occurredAt,
  });
  const result = evaluateEarning(config.rules, ctx);
  if (cappedRulesFired(config.rules, result).length > 0) return null;
  const earned = { points: result.points, spend: input.total, occurredAt };
  if (!(await tierUnchanged(db, config, snap, input.memberId, earned, now))) return null;
  return { item, snap, purchaseId: crypto.randomUUID(), result };
}

function inputRow(idx: number, p: Planned): RawBuilder<unknown> {
  const { config, actor, input, occurredAt, hash, now } = p.item;
  const points = p.result.points;
  const { availableAt, expiresAt, matured } = lotTiming(config, true, now);
  const partnerId = input.partnerId ?? null;
  return sql`(${idx}::int, ${p.purchaseId}::uuid, ${config.programId}::uuid, ${input.memberId}::uuid,
    ${p.snap.version}::xid, ${points}::bigint, ${matured ? points : 0}::bigint, ${matured ? 0 : points}::bigint,
    ${input.total}::bigint, ${now}::timestamptz, ${`purchase ${input.orderId}`}::text,
    ${partnerId ? 'partner' : 'purchase'}::text, ${actor.type}::text, ${actor.id}::text,
    ${`purchase:${input.orderId}`}::text, ${partnerId}::uuid,
    ${JSON.stringify({ orderId: input.orderId, total: input.total })}::jsonb, ${occurredAt}::timestamptz,
    ${availableAt}::timestamptz, ${expiresAt}::timestamptz, ${matured}::boolean, ${input.orderId}::text,
    ${hash}::text, ${input.currency}::text, ${input.channel ?? null}::text, ${input.storeId ?? null}::text,
    ${JSON.stringify(input.items ?? [])}::jsonb, ${JSON.stringify(p.result)}::jsonb)`;
}

/** Writes the planned purchases in one statement; returns the rows that applied, by purchase id. */
async function writePlanned(db: Db, planned: Planned[]): Promise<Map<string, PurchaseRow>> {
  const rows = sql.join(planned.map((p, idx) => inputRow(idx, p)));
  try {
    const r = await sql<PurchaseRow>`
      with input (idx, purchase_id, program_id, member_id, version, points, available, pending, total, now,
        reason, source, actor_type, actor_id, idempotency_key, partner_id, details, occurred_at, available_at,
        expires_at, matured, order_id, payload_hash, currency, channel, store_id, items, explanation)
      as (values ${rows}),
      account as (
        update loyalty_accounts a set
          available = a.available + i.available,
          pending = a.pending + i.pending,
          lifetime_earned = a.lifetime_earned + i.points,
          purchase_count = a.purchase_count + 1,
          lifetime_spend = a.lifetime_spend + i.total,
          last_activity_at = i.now, updated_at = i.now
        from input i
        where a.program_id = i.program_id and a.member_id = i.member_id and a.xmin = i.version
          and exists (select 1 from members m where m.id = i.member_id and m.deleted_at is null)
        returning i.idx
      ), applied as (
        select i.* from input i join account using (idx)
      ), entry as (
        insert into loyalty_ledger (program_id, member_id, kind, points, reason, source, actor_type, actor_id,
          idempotency_key, purchase_id, partner_id, details, occurred_at, created_at)
        select program_id, member_id, 'earn', points, reason, source, actor_type, actor_id, idempotency_key,
          purchase_id, partner_id, details, occurred_at, now
        from applied where points > 0
        returning id, purchase_id
      ), lot as (
        insert into loyalty_lots (program_id, member_id, ledger_entry_id, purchase_id, points, remaining,
          earned_at, available_at, expires_at, matured)
        select ap.program_id, ap.member_id, e.id, ap.purchase_id, ap.points, ap.points, ap.now,
          ap.available_at, ap.expires_at, ap.matured
        from entry e join applied ap on ap.purchase_id = e.purchase_id
      )
      insert into loyalty_purchases (id, program_id, order_id, member_id, payload_hash, total, currency,
        channel, store_id, partner_id, items, occurred_at, points_earned, ledger_entry_id, explanation,
        created_at)
      select ap.purchase_id, ap.program_id, ap.order_id, ap.member_id, ap.payload_hash, ap.total, ap.currency,
        ap.channel, ap.store_id, ap.partner_id, ap.items, ap.occurred_at, ap.points, e.id, ap.explanation,
        ap.now
      from applied ap left join entry e on e.purchase_id = ap.purchase_id
      returning *`.execute(db);
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
