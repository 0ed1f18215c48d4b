// What a track event does in the loyalty module: Order Completed records a purchase, Order Refunded refunds
// one, any other track event is offered to the event-bonus rules. Every call is idempotent (by order id,
// refund id = message id, bonus key = message id), so a retried or concurrently replayed event has no
// second effect.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { awardEventBonus, recordPurchase, refundPurchase } from '../loyalty/index.ts';
import {
  completedOrderFrom,
  ORDER_COMPLETED,
  ORDER_REFUNDED,
  refundedOrderFrom,
  type CompletedOrder,
  type RefundedOrder,
} from './commerce.ts';
import type { EffectStatus, EventType } from './tables.ts';

export type EffectPlan =
  | { kind: 'none' }
  | { kind: 'purchase'; order: CompletedOrder }
  | { kind: 'refund'; refund: RefundedOrder }
  | { kind: 'bonus'; event: string };

export interface EffectOutcome {
  status: EffectStatus;
  effect: Record<string, unknown> | null;
}

/** Reads (and checks) what the event should do, before anything is written. */
export function planEffect(
  event: { type: EventType; name: string | null; properties: Record<string, unknown> },
  programCurrency: string,
): EffectPlan {
  if (event.type !== 'track' || !event.name) return { kind: 'none' };
  if (event.name === ORDER_COMPLETED) {
    return { kind: 'purchase', order: completedOrderFrom(event.properties, programCurrency) };
  }
  if (event.name === ORDER_REFUNDED) {
    return { kind: 'refund', refund: refundedOrderFrom(event.properties, programCurrency) };
  }
  return { kind: 'bonus', event: event.name };
}

/** Carries out the plan for a known member. AppErrors (the event's fault) propagate to the caller. */
export async function applyEffect(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  plan: EffectPlan,
  event: { messageId: string; occurredAt: Date },
): Promise<EffectOutcome> {
  switch (plan.kind) {
    case 'none':
      return { status: 'none', effect: null };
    case 'purchase': {
      const { order } = plan;
      const { purchase, replayed } = await recordPurchase(db, clock, actor, programId, {
        orderId: order.orderId,
        memberId,
        total: order.total,
        currency: order.currency,
        items: order.items,
        channel: 'segment',
        occurredAt: event.occurredAt,
      });
      return {
        status: 'applied',
        effect: { kind: 'purchase', purchaseId: purchase.id, points: purchase.points, replayed },
      };
    }
    case 'refund': {
      try {
        const refund = await refundPurchase(db, clock, actor, programId, plan.refund.orderId, {
          amount: plan.refund.amount,
          refundId: event.messageId,
        });
        return {
          status: 'applied',
          effect: {
            kind: 'refund',
            refundId: refund.id,
            amount: refund.amount,
            pointsReversed: refund.pointsReversed,
            replayed: refund.replayed,
          },
        };
      } catch (e) {
        // A refund of an order that never earned points here has nothing to reverse: kept, not refused.
        if (e instanceof AppError && e.code === 'purchase_not_found') {
          return { status: 'none', effect: { kind: 'refund', skipped: 'purchase_not_found' } };
        }
        throw e;
      }
    }
    case 'bonus': {
      const bonus = await awardEventBonus(db, clock, actor, programId, {
        memberId,
        event: plan.event,
        occurredAt: event.occurredAt,
        idempotencyKey: `segment:${event.messageId}`,
      });
      return bonus.points > 0
        ? { status: 'applied', effect: { kind: 'bonus', points: bonus.points, replayed: bonus.replayed } }
        : { status: 'none', effect: null };
    }
  }
}
