// N % off the eligible lines, rounded half up to a whole minor unit, optionally capped.
import { allocate, type EligibleLine } from './eligible.ts';
import type { EffectResult } from './types.ts';

export function percentageOff(
  effect: { percent: number; maxAmount?: number | undefined },
  lines: EligibleLine[],
  eligibleTotal: number,
): EffectResult {
  // Integer arithmetic: (total × percent + 50) ÷ 100 is round-half-up without floating point.
  let amount = Math.floor((eligibleTotal * effect.percent + 50) / 100);
  if (effect.maxAmount !== undefined) amount = Math.min(amount, effect.maxAmount);
  amount = Math.min(amount, eligibleTotal);
  if (amount <= 0) return { ok: false, reason: 'nothing_to_discount', details: { eligibleTotal } };
  return { ok: true, amount, lines: allocate(amount, lines), freeShipping: false };
}
