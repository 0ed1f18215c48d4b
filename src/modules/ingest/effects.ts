// What a track event does in the loyalty module: Order Completed records a purchase, Order Refunded refunds
// one, any other track event is offered to the event-bonus rules. Every call is idempotent (by order id,
// refund id = message id, bonus key = message id), so a retried or concurrently replayed event has no
// second effect.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor } from '../audit/index.ts';
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

/**
 * Carries out the plan for a known member. Until the loyalty module is on main this records nothing beyond
 * the event itself; purchases, refunds and bonuses are wired in when recordPurchase lands.
 */
export async function applyEffect(
  _db: Db,
  _clock: Clock,
  _actor: AuditActor,
  _programId: string,
  _memberId: string,
  _plan: EffectPlan,
  _event: { messageId: string; occurredAt: Date },
): Promise<EffectOutcome> {
  return { status: 'none', effect: null };
}
