// The common purchase — a known member with an account, a new order id, no capped rule, no tier change, no
// inactivity expiry due — written in one SQL statement instead of a multi-round-trip transaction. The account
// is read first without a lock; rules are evaluated on that snapshot; the single statement then applies
// everything only if the account row is still the version that was read (its xmin). Any surprise — the row
// changed, the order id appeared meanwhile, anything the snapshot cannot decide — returns null and the caller
// takes the full transactional path, which gives the same result. A single statement is atomic on its own.
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor } from '../audit/index.ts';
import { inactivityDeadline } from './account.ts';
import { lotTiming, ruleContext } from './earning.ts';
import type { PurchaseInput } from './purchase-input.ts';
import { evaluateEarning } from './rules/evaluate.ts';
import { cappedRulesFired } from './caps.ts';
import type { EarningResult } from './rules/types.ts';
import type { LoyaltyConfig } from './settings.ts';
import type { LoyaltyAccountsTable, LoyaltyPurchasesTable } from './tables.ts';
import { decideTier, nextTier } from './tier-rules.ts';
import { tierMetric } from './tiers.ts';

type Snapshot = Pick<
  Selectable<LoyaltyAccountsTable>,
  'tier_key' | 'purchase_count' | 'downgrade_at' | 'last_activity_at' | 'lifetime_earned' | 'lifetime_spend'
> & { version: string; birthday: string | null; order_seen: boolean };

const UNIQUE_VIOLATION = '23505';

async function readSnapshot(
  db: Db,
  config: LoyaltyConfig,
  input: PurchaseInput,
): Promise<Snapshot | undefined> {
  const r = await sql<Snapshot>`
    select a.xmin::text as version, a.tier_key, a.purchase_count, a.downgrade_at, a.last_activity_at,
      a.lifetime_earned, a.lifetime_spend, m.birthday,
      exists (select 1 from loyalty_purchases p
              where p.program_id = ${config.programId} and p.order_id = ${input.orderId}) as order_seen
    from members m
    join loyalty_accounts a on a.program_id = m.program_id and a.member_id = m.id
    where m.id = ${input.memberId} and m.program_id = ${config.programId} and m.deleted_at is null`.execute(
    db,
  );
  return r.rows[0];
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

export async function recordPurchaseInOneStatement(
  db: Db,
  config: LoyaltyConfig,
  actor: AuditActor,
  input: PurchaseInput,
  occurredAt: Date,
  hash: string,
  now: Date,
): Promise<Selectable<LoyaltyPurchasesTable> | null> {
  const snap = await readSnapshot(db, config, input);
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
  const result: EarningResult = evaluateEarning(config.rules, ctx);
  if (cappedRulesFired(config.rules, result).length > 0) return null;
  const points = result.points;
  const unchanged = await tierUnchanged(
    db,
    config,
    snap,
    input.memberId,
    { points, spend: input.total, occurredAt },
    now,
  );
  if (!unchanged) return null;

  const { programId } = config;
  const { memberId } = input;
  const purchaseId = crypto.randomUUID();
  const { availableAt, expiresAt, matured } = lotTiming(config, true, now);
  const source = input.partnerId ? 'partner' : 'purchase';
  const partnerId = input.partnerId ?? null;
  try {
    const r = await sql<Selectable<LoyaltyPurchasesTable>>`
      with account as (
        update loyalty_accounts set
          available = available + ${matured ? points : 0},
          pending = pending + ${matured ? 0 : points},
          lifetime_earned = lifetime_earned + ${points},
          purchase_count = purchase_count + 1,
          lifetime_spend = lifetime_spend + ${input.total},
          last_activity_at = ${now}, updated_at = ${now}
        where program_id = ${programId} and member_id = ${memberId} and xmin = ${snap.version}::xid
          and exists (select 1 from members m where m.id = ${memberId} and m.deleted_at is null)
        returning member_id
      ), entry as (
        insert into loyalty_ledger (program_id, member_id, kind, points, reason, source, actor_type, actor_id,
          idempotency_key, purchase_id, partner_id, details, occurred_at, created_at)
        select ${programId}, ${memberId}, 'earn', ${points}, ${`purchase ${input.orderId}`}, ${source},
          ${actor.type}, ${actor.id}, ${`purchase:${input.orderId}`}, ${purchaseId}, ${partnerId},
          ${JSON.stringify({ orderId: input.orderId, total: input.total })}, ${occurredAt}, ${now}
        from account where ${points} > 0
        returning id
      ), lot as (
        insert into loyalty_lots (program_id, member_id, ledger_entry_id, purchase_id, points, remaining,
          earned_at, available_at, expires_at, matured)
        select ${programId}, ${memberId}, entry.id, ${purchaseId}, ${points}, ${points}, ${now},
          ${availableAt}, ${expiresAt}, ${matured} from entry
      )
      insert into loyalty_purchases (id, program_id, order_id, member_id, payload_hash, total, currency,
        channel, store_id, partner_id, items, occurred_at, points_earned, ledger_entry_id, explanation,
        created_at)
      select ${purchaseId}, ${programId}, ${input.orderId}, ${memberId}, ${hash}, ${input.total},
        ${input.currency}, ${input.channel ?? null}, ${input.storeId ?? null}, ${partnerId},
        ${JSON.stringify(input.items ?? [])}, ${occurredAt}, ${points}, (select id from entry),
        ${JSON.stringify(result)}, ${now}
      from account
      returning *`.execute(db);
    return r.rows[0] ?? null;
  } catch (error) {
    // The same order id arrived concurrently: the statement wrote nothing; the full path sorts it out.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
    throw error;
  }
}
