// Purchases earn points by the program's rules, in one transaction with the ledger, the lots, the account and
// the tier re-evaluation (or in one statement, purchase-fast-path.ts). Refunds: refunds.ts.
import type { Selectable } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { inactivityDeadline, lockAccount, settleAccount } from './account.ts';
import {
  bookCredit,
  earningContext,
  evaluateWithCaps,
  OrderRecordedMeanwhile,
  purchaseCredit,
  purchaseFacts,
  type PurchaseToRecord,
} from './earning.ts';
import { recordPurchaseInOneStatement } from './purchase-fast-path.ts';
import { checkPurchase, purchaseHash, type PurchaseInput } from './purchase-input.ts';
import type { EarningResult } from './rules/types.ts';
import { loadLoyaltyConfig } from './settings.ts';
import type { LoyaltyPurchasesTable } from './tables.ts';
import { evaluateAccountTier } from './tiers.ts';

export interface Purchase {
  id: string;
  orderId: string;
  memberId: string;
  total: number;
  currency: string;
  channel: string | null;
  storeId: string | null;
  partnerId: string | null;
  occurredAt: Date;
  points: number;
  refundedTotal: number;
  pointsReversed: number;
  explanation: Partial<EarningResult>;
  createdAt: Date;
}

export function purchaseView(r: Selectable<LoyaltyPurchasesTable>): Purchase {
  return {
    id: r.id,
    orderId: r.order_id,
    memberId: r.member_id,
    total: r.total,
    currency: r.currency,
    channel: r.channel,
    storeId: r.store_id,
    partnerId: r.partner_id,
    occurredAt: r.occurred_at,
    points: r.points_earned,
    refundedTotal: r.refunded_total,
    pointsReversed: r.points_reversed,
    explanation: r.explanation as Partial<EarningResult>,
    createdAt: r.created_at,
  };
}

/** One purchase by order id; with `partnerId`, only that partner's (another partner's is "not found"). */
export async function getPurchase(
  db: Db,
  programId: string,
  orderId: string,
  partnerId?: string,
): Promise<Purchase> {
  let q = db
    .selectFrom('loyalty_purchases')
    .selectAll()
    .where('program_id', '=', programId)
    .where('order_id', '=', orderId);
  if (partnerId !== undefined) q = q.where('partner_id', '=', partnerId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('purchase', orderId);
  return purchaseView(row);
}

/**
 * Records a purchase and awards its points. Idempotent by order id: the same order again returns the first
 * result (`replayed: true`); a different payload under the same order id is refused with 409.
 */
export async function recordPurchase(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: PurchaseInput,
): Promise<{ purchase: Purchase; replayed: boolean }> {
  const config = await loadLoyaltyConfig(db, programId);
  const now = clock.now();
  const occurredAt = checkPurchase(input, config.currency, now);
  const hash = purchaseHash(input, occurredAt);
  const fast = await recordPurchaseInOneStatement(db, { config, actor, input, occurredAt, hash, now });
  if (fast) return { purchase: purchaseView(fast), replayed: false };
  // The full transaction. An order recorded concurrently by another transaction makes this one's write fail
  // (unique order id) or decline (order seen): nothing of it stays, and once more it is a replay.
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordInTransaction(db, { config, actor, input, occurredAt, hash, now });
    } catch (error) {
      const raced = error instanceof OrderRecordedMeanwhile || isUniqueViolation(error);
      if (!raced || attempt === 3 || db.isTransaction) throw error;
    }
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

async function recordInTransaction(
  db: Db,
  p: PurchaseToRecord,
): Promise<{ purchase: Purchase; replayed: boolean }> {
  const { config, actor, input, occurredAt, hash, now } = p;
  const { programId } = config;
  const inTransaction = <T>(fn: (trx: Db) => Promise<T>) =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);
  return inTransaction(async (trx) => {
    const existing = await trx
      .selectFrom('loyalty_purchases')
      .selectAll()
      .where('program_id', '=', programId)
      .where('order_id', '=', input.orderId)
      .executeTakeFirst();
    if (existing) {
      if (existing.payload_hash !== hash) {
        throw new AppError(
          'order_conflict',
          409,
          `Order "${input.orderId}" was already recorded with different details`,
          { orderId: input.orderId, purchaseId: existing.id },
        );
      }
      return { purchase: purchaseView(existing), replayed: true };
    }
    let account = await lockAccount(trx, config, input.memberId, now);
    const deadline = inactivityDeadline(config, account);
    if (deadline && deadline <= now)
      account = (await settleAccount(trx, config, account, now, actor)).account;
    const ctx = await earningContext(
      trx,
      config,
      account.tier_key,
      input.memberId,
      purchaseFacts(input, occurredAt, account.purchase_count),
    );
    const evaluation = await evaluateWithCaps(trx, config, input.memberId, ctx);
    const booked = await bookCredit(
      trx,
      purchaseCredit(p, null, [{ points: evaluation.result.points, explanation: evaluation.result }]),
      evaluation,
    );
    await evaluateAccountTier(trx, config, booked.account, now, 'purchase');
    return { purchase: purchaseView(booked.purchase!), replayed: false };
  });
}

/** What would this purchase earn for this member now? Nothing is written. */
export async function dryRunPurchase(
  db: Db,
  clock: Clock,
  programId: string,
  input: Omit<PurchaseInput, 'orderId'> & { tier?: string | undefined },
): Promise<EarningResult & { tier: string | null }> {
  const config = await loadLoyaltyConfig(db, programId);
  const now = clock.now();
  const occurredAt = checkPurchase({ ...input, orderId: 'dry-run' }, config.currency, now);
  const account = await db
    .selectFrom('loyalty_accounts')
    .select(['tier_key', 'purchase_count'])
    .where('program_id', '=', programId)
    .where('member_id', '=', input.memberId)
    .executeTakeFirst();
  if (!account) {
    const member = await db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', programId)
      .where('id', '=', input.memberId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!member) throw notFound('member', input.memberId);
  }
  const tier = input.tier ?? account?.tier_key ?? config.tiers[0]?.key ?? null;
  const ctx = await earningContext(
    db,
    config,
    tier,
    input.memberId,
    purchaseFacts(input, occurredAt, account?.purchase_count ?? 0),
  );
  const { result } = await evaluateWithCaps(db, config, input.memberId, ctx);
  return { ...result, tier };
}
