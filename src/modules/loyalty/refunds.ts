// A refund of all or part of an order reverses the proportional share of its points, in one transaction with
// the ledger, the lots, the account and the tier re-evaluation.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { lockAccount, settleAccount, changeAccount } from './account.ts';
import { appendLedgerEntry } from './ledger.ts';
import { applyConsumption, openLots, planConsumption, sumTakes, type OpenLot } from './lots.ts';
import { emitLoyaltyEvent } from './outbox.ts';
import { purchaseView, type Purchase } from './purchases.ts';
import { loadLoyaltyConfig } from './settings.ts';
import { evaluateAccountTier } from './tiers.ts';

export interface Refund {
  id: string;
  orderId: string;
  amount: number;
  pointsReversed: number;
  pointsUnrecovered: number;
  purchase: Purchase;
  replayed: boolean;
}

/** Own lots first (the points this purchase gave), then the member's other lots, oldest first. */
function reversalOrder(lots: OpenLot[], purchaseId: string): OpenLot[] {
  const own = lots.filter((l) => l.purchase_id === purchaseId);
  const others = lots.filter((l) => l.purchase_id !== purchaseId);
  return [...own, ...others.filter((l) => l.matured), ...others.filter((l) => !l.matured)];
}

/**
 * Refunds all or part of an order and reverses the proportional share of its points, even if some were
 * spent: by default what is there is reversed and the rest recorded as unrecovered debt; with the
 * allow_negative policy the whole share is reversed and the balance goes below zero.
 */
export async function refundPurchase(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  orderId: string,
  input: { amount?: number | undefined; refundId?: string | undefined; reason?: string | undefined },
  /** A partner refunds only its own purchases: another partner's order is "not found". */
  partnerId?: string,
): Promise<Refund> {
  const config = await loadLoyaltyConfig(db, programId);
  const now = clock.now();
  return db.transaction().execute(async (trx) => {
    const purchase = await trx
      .selectFrom('loyalty_purchases')
      .selectAll()
      .where('program_id', '=', programId)
      .where('order_id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!purchase || (partnerId !== undefined && purchase.partner_id !== partnerId)) {
      throw notFound('purchase', orderId);
    }
    if (input.refundId) {
      const prior = await trx
        .selectFrom('loyalty_refunds')
        .selectAll()
        .where('program_id', '=', programId)
        .where('purchase_id', '=', purchase.id)
        .where('refund_key', '=', input.refundId)
        .executeTakeFirst();
      if (prior) {
        if (input.amount !== undefined && prior.amount !== input.amount) {
          throw new AppError(
            'refund_conflict',
            409,
            `Refund "${input.refundId}" was recorded with another amount`,
            {
              amount: prior.amount,
            },
          );
        }
        return {
          id: prior.id,
          orderId,
          amount: prior.amount,
          pointsReversed: prior.points_reversed,
          pointsUnrecovered: prior.points_unrecovered,
          purchase: purchaseView(purchase),
          replayed: true,
        };
      }
    }
    const refundable = purchase.total - purchase.refunded_total;
    const amount = input.amount ?? refundable;
    if (amount <= 0 || refundable <= 0) {
      throw new AppError('nothing_to_refund', 409, `Order "${orderId}" is already fully refunded`, {
        refundable,
      });
    }
    if (amount > refundable) {
      throw new AppError(
        'refund_exceeds_order',
        422,
        `Refund of ${amount} is more than the ${refundable} left on order "${orderId}"`,
        { refundable, amount },
      );
    }
    const refundedTotal = purchase.refunded_total + amount;
    const target =
      refundedTotal === purchase.total
        ? purchase.points_earned
        : Math.floor((purchase.points_earned * refundedTotal) / purchase.total);
    const toReverse = target - purchase.points_reversed;
    // A purchase refunded in full no longer counts as one (tier metric, first-purchase rules).
    const purchasesChange = refundedTotal === purchase.total ? -1 : 0;

    let reversed = 0;
    let unrecovered = 0;
    let ledgerEntryId: number | null = null;
    if (toReverse > 0) {
      const locked = await lockAccount(trx, config, purchase.member_id, now);
      const { account } = await settleAccount(trx, config, locked, now, actor);
      const lots = reversalOrder(
        await openLots(trx, programId, purchase.member_id, { maturedOnly: false }),
        purchase.id,
      );
      const plan = planConsumption(lots, toReverse);
      await applyConsumption(trx, programId, plan.takes);
      const shortfall = toReverse - plan.taken;
      const negative = config.settings.negativeBalancePolicy === 'allow_negative';
      reversed = negative ? toReverse : plan.taken;
      unrecovered = negative ? 0 : shortfall;
      if (reversed > 0) {
        ledgerEntryId = await appendLedgerEntry(trx, {
          programId,
          memberId: purchase.member_id,
          kind: 'reverse',
          points: -reversed,
          reason: input.reason ? `refund of ${orderId}: ${input.reason}` : `refund of ${orderId}`,
          source: purchase.partner_id ? 'partner' : 'purchase',
          actor,
          idempotencyKey: `refund:${orderId}:${purchase.refunded_total}`,
          purchaseId: purchase.id,
          partnerId: purchase.partner_id,
          details: { orderId, amount, shortfall },
          occurredAt: now,
          createdAt: now,
        });
      }
      await changeAccount(
        trx,
        programId,
        account.member_id,
        {
          available: -sumTakes(plan.takes, true) - (negative ? shortfall : 0),
          pending: -sumTakes(plan.takes, false),
          debt: negative ? shortfall : 0,
          unrecovered,
          earned: -reversed,
          spend: -amount,
          purchases: purchasesChange,
        },
        now,
      );
    } else {
      await lockAccount(trx, config, purchase.member_id, now);
      await changeAccount(
        trx,
        programId,
        purchase.member_id,
        { spend: -amount, purchases: purchasesChange },
        now,
      );
    }
    const updated = await trx
      .updateTable('loyalty_purchases')
      .set({ refunded_total: refundedTotal, points_reversed: target })
      .where('id', '=', purchase.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const refund = await trx
      .insertInto('loyalty_refunds')
      .values({
        program_id: programId,
        purchase_id: purchase.id,
        refund_key: input.refundId ?? null,
        amount,
        points_reversed: reversed,
        points_unrecovered: unrecovered,
        ledger_entry_id: ledgerEntryId,
        reason: input.reason ?? null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await emitLoyaltyEvent(trx, {
      programId,
      memberId: purchase.member_id,
      type: 'purchase.refunded',
      payload: {
        purchaseId: purchase.id,
        orderId,
        refundId: refund.id,
        amount,
        pointsReversed: reversed,
        full: refundedTotal >= purchase.total,
      },
      at: now,
    });
    // The metric is read net of this refund (ledger reversal and refunded total are written above).
    const account = await lockAccount(trx, config, purchase.member_id, now);
    await evaluateAccountTier(trx, config, account, now, 'refund');
    return {
      id: refund.id,
      orderId,
      amount,
      pointsReversed: reversed,
      pointsUnrecovered: unrecovered,
      purchase: purchaseView(updated),
      replayed: false,
    };
  });
}
