// Turns a purchase or event into points: builds the rule context (local time, tier, birthday), evaluates the
// rules with their caps, and books the result as a ledger entry plus a lot. Callers hold the account lock.
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor } from '../audit/index.ts';
import { sql } from 'kysely';
import type { AccountRow } from './account.ts';
import { capAllowances, cappedRulesFired, recordCappedAwards } from './caps.ts';
import { addDays, addMonths, localDay } from './local-time.ts';
import { evaluateEarning } from './rules/evaluate.ts';
import type { EarningContext, EarningResult, PurchaseLine } from './rules/types.ts';
import type { LoyaltyConfig } from './settings.ts';
import type { LedgerSource } from './tables.ts';
import type { PurchaseInput } from './purchase-input.ts';

export interface EarningFacts {
  trigger: 'purchase' | 'event';
  events: string[];
  total: number;
  items: PurchaseLine[];
  channel?: string | undefined;
  partnerId?: string | undefined;
  storeId?: string | undefined;
  at: Date;
}

/** A purchase as the rules see it; a member's first purchase also fires the `first_purchase` event. */
export function purchaseFacts(
  input: Pick<PurchaseInput, 'total' | 'items' | 'channel' | 'partnerId' | 'storeId'>,
  at: Date,
  previousPurchases: number,
): EarningFacts {
  return {
    trigger: 'purchase',
    events: previousPurchases === 0 ? ['first_purchase'] : [],
    total: input.total,
    items: input.items ?? [],
    channel: input.channel,
    partnerId: input.partnerId,
    storeId: input.storeId,
    at,
  };
}

export const usesBirthday = (config: LoyaltyConfig) => config.rules.some((r) => r.conditions.birthdayMonth);

export async function earningContext(
  db: Db,
  config: LoyaltyConfig,
  tierKey: string | null,
  memberId: string,
  facts: EarningFacts,
): Promise<EarningContext> {
  let birthday: string | null = null;
  if (usesBirthday(config)) {
    const m = await db
      .selectFrom('members')
      .select('birthday')
      .where('program_id', '=', config.programId)
      .where('id', '=', memberId)
      .executeTakeFirst();
    birthday = m?.birthday ?? null;
  }
  return ruleContext(config, tierKey, birthday, facts);
}

/** The rule context from facts already at hand (birthday as 'YYYY-MM-DD' or null). */
export function ruleContext(
  config: LoyaltyConfig,
  tierKey: string | null,
  birthday: string | null,
  facts: EarningFacts,
): EarningContext {
  const local = localDay(facts.at, config.timeZone);
  return {
    ...facts,
    ...tierFacts(config, tierKey),
    localDayOfWeek: local.dayOfWeek,
    localMonth: local.month,
    birthdayMonth: birthday ? Number(birthday.slice(5, 7)) : null,
  };
}

/** The tier part of a rule context: the member's tier and its earn multiplier. */
export function tierFacts(
  config: LoyaltyConfig,
  tierKey: string | null,
): Pick<EarningContext, 'tier' | 'tierMultiplier'> {
  const tier = config.tiers.find((t) => t.key === tierKey);
  return { tier: tierKey, tierMultiplier: tier?.benefits.earnMultiplier ?? 1 };
}

/** Evaluates the rules, then again with cap allowances when a capped rule fired. */
export async function evaluateWithCaps(
  db: Db,
  config: LoyaltyConfig,
  memberId: string,
  ctx: EarningContext,
): Promise<{ result: EarningResult; capped: ReturnType<typeof cappedRulesFired>; day: string }> {
  const day = localDay(ctx.at, config.timeZone).day;
  const first = evaluateEarning(config.rules, ctx);
  const capped = cappedRulesFired(config.rules, first);
  if (capped.length === 0) return { result: first, capped, day };
  const allowances = await capAllowances(db, config.programId, memberId, day, capped);
  return { result: evaluateEarning(config.rules, ctx, allowances), capped, day };
}

export interface BookedEarning {
  ledgerEntryId: number;
  availableAt: Date;
  expiresAt: Date | null;
  account: AccountRow;
}

/** When a lot earned now becomes available (after the pending period for purchases) and when it expires. */
export function lotTiming(
  config: LoyaltyConfig,
  pending: boolean,
  now: Date,
): { availableAt: Date; expiresAt: Date | null; matured: boolean } {
  const s = config.settings;
  const availableAt = pending ? addDays(now, s.pendingDays) : now;
  const expiresAt = s.expiryPolicy === 'fixed' ? addMonths(now, s.expiryMonths) : null;
  return { availableAt, expiresAt, matured: availableAt.getTime() <= now.getTime() };
}

/** Books earned points: ledger entry, lot (pending for purchases), account totals, cap usage. */
export async function bookEarning(
  db: Db,
  config: LoyaltyConfig,
  input: {
    memberId: string;
    points: number;
    reason: string;
    source: LedgerSource;
    actor: AuditActor;
    idempotencyKey: string;
    purchaseId?: string | null;
    partnerId?: string | null;
    pending: boolean;
    occurredAt: Date;
    now: Date;
    details: Record<string, unknown>;
    evaluation: Awaited<ReturnType<typeof evaluateWithCaps>>;
    accountChange?: { purchases?: number; spend?: number };
  },
): Promise<BookedEarning> {
  const { now } = input;
  const { availableAt, expiresAt, matured } = lotTiming(config, input.pending, now);
  const { programId } = config;
  const a = input.actor;
  // Ledger entry, lot and account totals in one statement: one round trip on the hot purchase path.
  const booked = await sql<AccountRow & { ledger_entry_id: number }>`
    with entry as (
      insert into loyalty_ledger (program_id, member_id, kind, points, reason, source, actor_type, actor_id,
        idempotency_key, purchase_id, partner_id, details, occurred_at, created_at)
      values (${programId}, ${input.memberId}, 'earn', ${input.points}, ${input.reason}, ${input.source},
        ${a.type}, ${a.id}, ${input.idempotencyKey}, ${input.purchaseId ?? null}, ${input.partnerId ?? null},
        ${JSON.stringify(input.details)}, ${input.occurredAt}, ${now})
      returning id
    ), lot as (
      insert into loyalty_lots (program_id, member_id, ledger_entry_id, purchase_id, points, remaining,
        earned_at, available_at, expires_at, matured)
      select ${programId}, ${input.memberId}, entry.id, ${input.purchaseId ?? null}, ${input.points},
        ${input.points}, ${now}, ${availableAt}, ${expiresAt}, ${matured} from entry
    ), account as (
      update loyalty_accounts set
        available = available + ${matured ? input.points : 0},
        pending = pending + ${matured ? 0 : input.points},
        lifetime_earned = lifetime_earned + ${input.points},
        purchase_count = purchase_count + ${input.accountChange?.purchases ?? 0},
        lifetime_spend = lifetime_spend + ${input.accountChange?.spend ?? 0},
        last_activity_at = ${now}, updated_at = ${now}
      where program_id = ${programId} and member_id = ${input.memberId}
      returning *
    )
    select account.*, entry.id as ledger_entry_id from account, entry`.execute(db);
  const { ledger_entry_id: ledgerEntryId, ...account } = booked.rows[0]!;
  if (input.evaluation.capped.length > 0) {
    await recordCappedAwards(db, {
      programId,
      memberId: input.memberId,
      localDay: input.evaluation.day,
      ledgerEntryId,
      at: now,
      rules: input.evaluation.capped,
      result: input.evaluation.result,
    });
  }
  return { ledgerEntryId, availableAt, expiresAt, account };
}
