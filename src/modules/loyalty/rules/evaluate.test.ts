import { describe, expect, it } from 'vitest';
import { evaluateEarning } from './evaluate.ts';
import type { EarningContext, EarningRule } from './types.ts';

const rule = (r: Partial<EarningRule> & Pick<EarningRule, 'id' | 'effect'>): EarningRule => ({
  name: r.id,
  priority: 0,
  trigger: 'purchase',
  event: null,
  conditions: {},
  stacking: 'cumulative',
  caps: {},
  ...r,
});

const ctx = (c: Partial<EarningContext> = {}): EarningContext => ({
  trigger: 'purchase',
  events: [],
  total: 10_000,
  items: [
    { sku: 'COFFEE', category: 'drinks', quantity: 2, price: 1_500 },
    { sku: 'CAKE', category: 'food', quantity: 1, price: 7_000 },
  ],
  channel: 'store',
  tier: 'regular',
  tierMultiplier: 1,
  at: new Date('2026-03-03T10:00:00Z'),
  localDayOfWeek: 2,
  localMonth: 3,
  birthdayMonth: null,
  ...c,
});

const base = rule({ id: 'base', effect: { type: 'per_spend', points: 1, per: 100 } });

describe('earning rule evaluation', () => {
  it('gives the base rate per whole currency unit', () => {
    expect(evaluateEarning([base], ctx({ total: 12_399 })).points).toBe(123);
  });

  it('computes floor(spend × points ÷ per), without flooring the spend to whole units first', () => {
    const two = rule({ id: 'two', effect: { type: 'per_spend', points: 2, per: 100 } });
    // 2 points for every ₪1: ₪12.50 → 25 points (not 24); ₪12.49 → 24.98 → 24.
    expect(evaluateEarning([two], ctx({ total: 1250 })).points).toBe(25);
    expect(evaluateEarning([two], ctx({ total: 1249 })).points).toBe(24);
    // A product past 2^53 is computed exactly.
    const wide = rule({ id: 'wide', effect: { type: 'per_spend', points: 1000, per: 1000 } });
    expect(evaluateEarning([wide], ctx({ total: 9_007_199_254_741 })).base).toBe(9_007_199_254_741);
  });

  it('multiplies only the matching lines, and by channel for the whole order', () => {
    const drinks = rule({
      id: 'drinks',
      conditions: { categories: ['drinks'] },
      effect: { type: 'multiplier', factor: 3 },
    });
    const online = rule({
      id: 'online',
      conditions: { channels: ['web'] },
      effect: { type: 'multiplier', factor: 2 },
    });
    const r = evaluateEarning([base, drinks, online], ctx());
    // base 100; drinks are 3,000 of 10,000 → 30 base points, ×3 adds 60; channel is store, so no ×2
    expect(r).toMatchObject({ base: 100, multiplied: 60, points: 160 });
    expect(r.rules.find((o) => o.ruleId === 'online')).toMatchObject({
      fired: false,
      note: 'channel does not match',
    });
  });

  it('stacks cumulative rules and keeps only the best of best_of rules', () => {
    const x2 = rule({ id: 'x2', stacking: 'best_of', effect: { type: 'multiplier', factor: 2 } });
    const x3 = rule({ id: 'x3', stacking: 'best_of', effect: { type: 'multiplier', factor: 3 } });
    const plus = rule({ id: 'plus', effect: { type: 'multiplier', factor: 1.5 } });
    const r = evaluateEarning([base, x2, x3, plus], ctx());
    expect(r.multiplied).toBe(200 + 50);
    expect(r.rules.find((o) => o.ruleId === 'x2')).toMatchObject({ fired: false, points: 0 });
  });

  it('applies the tier multiplier to base and multiplied points, not to bonuses', () => {
    const bonus = rule({ id: 'bonus', effect: { type: 'bonus', points: 50 } });
    const r = evaluateEarning([base, bonus], ctx({ tierMultiplier: 1.15 }));
    expect(r).toMatchObject({ base: 100, tierBonus: 15, bonus: 50, points: 165 });
  });

  it('respects day-of-week, date range, minimum total, tier and birthday month', () => {
    const weekend = rule({
      id: 'weekend',
      conditions: { daysOfWeek: [5, 6] },
      effect: { type: 'bonus', points: 10 },
    });
    const spring = rule({
      id: 'spring',
      conditions: { from: '2026-03-01T00:00:00Z', until: '2026-04-01T00:00:00Z', minTotal: 5_000 },
      effect: { type: 'bonus', points: 20 },
    });
    const vip = rule({
      id: 'vip',
      conditions: { tiers: ['ambassador'] },
      effect: { type: 'bonus', points: 30 },
    });
    const birthday = rule({
      id: 'bday',
      conditions: { birthdayMonth: true },
      effect: { type: 'multiplier', factor: 2 },
    });
    expect(evaluateEarning([weekend, spring, vip, birthday], ctx()).points).toBe(20);
    expect(evaluateEarning([base, birthday], ctx({ birthdayMonth: 3 })).points).toBe(200);
    expect(evaluateEarning([spring], ctx({ at: new Date('2026-04-01T00:00:00Z') })).points).toBe(0);
    expect(evaluateEarning([vip], ctx({ tier: 'ambassador' })).points).toBe(30);
  });

  it('fires event bonuses only for their event and clamps to cap allowances', () => {
    const signup = rule({
      id: 'signup',
      trigger: 'event',
      event: 'signup',
      effect: { type: 'bonus', points: 100 },
    });
    expect(evaluateEarning([signup], ctx()).points).toBe(0);
    expect(evaluateEarning([signup], ctx({ trigger: 'event', events: ['signup'] })).points).toBe(100);
    const capped = evaluateEarning(
      [base],
      ctx(),
      new Map([['base', { remaining: 40, cap: 'perMemberPerDay' }]]),
    );
    expect(capped.points).toBe(40);
    expect(capped.rules[0]).toMatchObject({ note: 'capped by perMemberPerDay', fired: true });
  });
});
