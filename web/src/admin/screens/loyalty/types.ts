import type { Names } from '../../../shared/labels.ts';

export type Effect =
  | { type: 'per_spend'; points: number; per: number }
  | { type: 'multiplier'; factor: number }
  | { type: 'bonus'; points: number };

export interface RuleConditions {
  skus?: string[];
  categories?: string[];
  channels?: string[];
  partners?: string[];
  stores?: string[];
  tiers?: string[];
  daysOfWeek?: number[];
  from?: string;
  until?: string;
  minTotal?: number;
  birthdayMonth?: boolean;
}

export interface RuleCaps {
  perMemberPerDay?: number;
  perMemberPerMonth?: number;
  programBudget?: number;
}

export interface EarningRule {
  id: string;
  name: string;
  names: Names;
  description: string;
  active: boolean;
  priority: number;
  trigger: 'purchase' | 'event';
  event: string | null;
  conditions: RuleConditions;
  caps: RuleCaps;
  effect: Effect;
  awardedPoints: number;
}

export interface Tier {
  key: string;
  name: string;
  names?: Names;
  rank: number;
  threshold: number;
  benefits: { earnMultiplier?: number; earlyAccess?: boolean; rewardAccess?: string[] };
}

export interface DryRunResult {
  points: number;
  base: number;
  multiplied: number;
  tierBonus: number;
  bonus: number;
  tier: string | null;
  rules: {
    ruleId: string;
    name: string;
    names?: Names;
    effect: string;
    fired: boolean;
    points: number;
    note?: string;
  }[];
}
