// Pure rule evaluation: which rules fire for a purchase or event, how many points each gives, and why the
// others did not. No I/O — caps arrive as allowances computed by the caller.
import { bonusPoints } from './bonus.ts';
import { failedCondition } from './conditions.ts';
import { extraForFactor, multiplierExtraPoints } from './multiplier.ts';
import { perSpendPoints } from './per-spend.ts';
import type { CapAllowances, EarningContext, EarningResult, EarningRule, RuleOutcome } from './types.ts';

export function byPriority(a: EarningRule, b: EarningRule): number {
  return b.priority - a.priority || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function triggered(rule: EarningRule, ctx: EarningContext): boolean {
  if (rule.trigger === 'purchase') return ctx.trigger === 'purchase';
  return rule.event !== null && ctx.events.includes(rule.event);
}

interface Candidate {
  rule: EarningRule;
  outcome: RuleOutcome;
}

function applyCap(c: Candidate, caps: CapAllowances): void {
  const allowance = caps.get(c.rule.id);
  if (!allowance || c.outcome.points <= allowance.remaining) return;
  c.outcome.points = Math.max(0, allowance.remaining);
  c.outcome.note = `capped by ${allowance.cap}`;
  if (c.outcome.points === 0) c.outcome.fired = false;
}

/** Among best_of rules only the one giving most points counts (priority breaks ties); cumulative ones add. */
function stack(candidates: Candidate[]): number {
  const bestOf = candidates.filter((c) => c.rule.stacking === 'best_of' && c.outcome.fired);
  const winner = bestOf.reduce<Candidate | undefined>(
    (best, c) => (!best || c.outcome.points > best.outcome.points ? c : best),
    undefined,
  );
  for (const c of bestOf) {
    if (c === winner) continue;
    c.outcome.fired = false;
    c.outcome.note = `best of: "${winner!.rule.name}" gives more`;
    c.outcome.points = 0;
  }
  return candidates.filter((c) => c.outcome.fired).reduce((s, c) => s + c.outcome.points, 0);
}

export function evaluateEarning(
  rules: readonly EarningRule[],
  ctx: EarningContext,
  caps: CapAllowances = new Map(),
): EarningResult {
  const phases: Record<'per_spend' | 'multiplier' | 'bonus', Candidate[]> = {
    per_spend: [],
    multiplier: [],
    bonus: [],
  };
  const outcomes: RuleOutcome[] = [];
  for (const rule of [...rules].sort(byPriority)) {
    if (!triggered(rule, ctx)) continue;
    const outcome: RuleOutcome = {
      ruleId: rule.id,
      name: rule.name,
      ...(rule.names && Object.keys(rule.names).length ? { names: rule.names } : {}),
      effect: rule.effect.type,
      fired: true,
      points: 0,
    };
    outcomes.push(outcome);
    const failed = failedCondition(rule.conditions, ctx);
    if (failed) {
      outcome.fired = false;
      outcome.note = failed;
      continue;
    }
    phases[rule.effect.type].push({ rule, outcome });
  }

  const evaluatePhase = (phase: Candidate[], points: (rule: EarningRule) => number) => {
    for (const c of phase) {
      c.outcome.points = points(c.rule);
      if (c.outcome.points <= 0) {
        c.outcome.fired = false;
        c.outcome.note ??= 'no eligible spend';
      }
      applyCap(c, caps);
    }
    return stack(phase);
  };

  const base = evaluatePhase(phases.per_spend, (r) => perSpendPoints(r, ctx));
  const multiplied = evaluatePhase(phases.multiplier, (r) => multiplierExtraPoints(r, ctx, base));
  const tierBonus = Math.max(0, extraForFactor(ctx.tierMultiplier, base + multiplied));
  const bonus = evaluatePhase(phases.bonus, (r) => bonusPoints(r, ctx));
  return {
    points: base + multiplied + tierBonus + bonus,
    base,
    multiplied,
    tierBonus,
    bonus,
    rules: outcomes,
  };
}
