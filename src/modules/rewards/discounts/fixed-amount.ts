// A fixed amount off, capped at what the eligible lines cost: a ₪50 coupon on a ₪30 basket gives ₪30.
import { allocate, type EligibleLine } from './eligible.ts';
import type { EffectResult } from './types.ts';

export function fixedAmountOff(
  effect: { amount: number },
  lines: EligibleLine[],
  eligibleTotal: number,
): EffectResult {
  const amount = Math.min(effect.amount, eligibleTotal);
  if (amount <= 0) return { ok: false, reason: 'nothing_to_discount', details: { eligibleTotal } };
  return { ok: true, amount, lines: allocate(amount, lines), freeShipping: false };
}
