// Turns a purchase or event into points: builds the rule context (local time, tier, birthday), evaluates the
// rules with their caps, and books the result (record-credits.ts). Callers hold the account lock.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor } from '../audit/index.ts';
import type { AccountRow } from './account.ts';
import { capAllowances, cappedRulesFired, recordCappedAwards } from './caps.ts';
import { addDays, addMonths, localDay } from './local-time.ts';
import { evaluateEarning } from './rules/evaluate.ts';
import { writeCredits, writtenPurchase, type Credit, type CreditOutcome } from './record-credits.ts';
import type { EarningContext, EarningResult, PurchaseLine } from './rules/types.ts';
import type { LoyaltyConfig } from './settings.ts';
import type { LedgerSource, LoyaltyPurchasesTable } from './tables.ts';
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
  ledgerEntryId: number | null;
  account: AccountRow;
  /** The purchase row, when the credit recorded a purchase. */
  purchase: Selectable<LoyaltyPurchasesTable> | null;
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

/** An order that another transaction recorded while this one was deciding: retry, and it is a replay. */
export class OrderRecordedMeanwhile extends Error {}

/** A purchase checked and ready to record. */
export interface PurchaseToRecord {
  config: LoyaltyConfig;
  actor: AuditActor;
  input: PurchaseInput;
  occurredAt: Date;
  hash: string;
  now: Date;
}

/** A purchase as a credit: its ledger entry, its pending lot and its row, with its outcome(s). */
export function purchaseCredit(
  p: PurchaseToRecord,
  guard: Credit['guard'],
  outcomes: CreditOutcome[],
): Credit {
  const { config, input, occurredAt, hash, now } = p;
  return {
    programId: config.programId,
    memberId: input.memberId,
    now,
    guard,
    kind: 'earn',
    earned: true,
    entry: {
      reason: `purchase ${input.orderId}`,
      source: input.partnerId ? 'partner' : 'purchase',
      actor: p.actor,
      idempotencyKey: `purchase:${input.orderId}`,
      partnerId: input.partnerId ?? null,
      counterpartMemberId: null,
      details: { orderId: input.orderId, total: input.total },
      occurredAt,
    },
    lot: lotTiming(config, true, now),
    purchase: { id: crypto.randomUUID(), input, occurredAt, hash },
    outcomes,
  };
}

/**
 * Books a decided credit on a locked account by the one statement that writes every credit
 * (record-credits.ts), then the cap usage. Returns the account as written and, for a purchase, its row.
 */
export async function bookCredit(
  db: Db,
  credit: Credit,
  evaluation?: Awaited<ReturnType<typeof evaluateWithCaps>>,
): Promise<BookedEarning> {
  const [result] = await writeCredits(db, [credit]);
  if (!result!.applied) {
    if (result!.declined === 'order_seen') throw new OrderRecordedMeanwhile();
    throw new Error(`credit for member ${credit.memberId} not written: ${result!.declined}`);
  }
  const { ledgerEntryId } = result!;
  if (ledgerEntryId !== null && evaluation && evaluation.capped.length > 0) {
    await recordCappedAwards(db, {
      programId: credit.programId,
      memberId: credit.memberId,
      localDay: evaluation.day,
      ledgerEntryId,
      at: credit.now,
      rules: evaluation.capped,
      result: evaluation.result,
    });
  }
  const account = await db
    .selectFrom('loyalty_accounts')
    .selectAll()
    .where('program_id', '=', credit.programId)
    .where('member_id', '=', credit.memberId)
    .executeTakeFirstOrThrow();
  return {
    ledgerEntryId,
    account,
    purchase: credit.purchase ? writtenPurchase(credit, credit.outcomes[0]!, ledgerEntryId) : null,
  };
}

/** Books points credited for an event, an adjustment, a transfer or a return on a locked account. */
export async function bookEarning(
  db: Db,
  config: LoyaltyConfig,
  input: {
    memberId: string;
    points: number;
    /** 'earn' (default) counts toward lifetime earned and activity; 'redeem' gives spent points back. */
    kind?: 'earn' | 'adjust' | 'transfer' | 'redeem';
    reason: string;
    source: LedgerSource;
    actor: AuditActor;
    idempotencyKey: string | null;
    counterpartMemberId?: string | null;
    occurredAt: Date;
    now: Date;
    details: Record<string, unknown>;
    evaluation?: Awaited<ReturnType<typeof evaluateWithCaps>>;
  },
): Promise<BookedEarning> {
  const kind = input.kind ?? 'earn';
  const credit: Credit = {
    programId: config.programId,
    memberId: input.memberId,
    now: input.now,
    guard: null,
    kind,
    earned: kind === 'earn',
    entry: {
      reason: input.reason,
      source: input.source,
      actor: input.actor,
      idempotencyKey: input.idempotencyKey,
      partnerId: null,
      counterpartMemberId: input.counterpartMemberId ?? null,
      details: input.details,
      occurredAt: input.occurredAt,
    },
    lot: lotTiming(config, false, input.now),
    purchase: null,
    outcomes: [{ points: input.points }],
  };
  return bookCredit(db, credit, input.evaluation);
}
