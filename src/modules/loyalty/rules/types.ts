// Earning rules are data: conditions decide whether a rule applies, the effect decides how many points. The
// conditions, effects and caps are declared once, as the API's schemas, in src/contracts/loyalty.ts.
import type { RuleCaps, RuleConditions, RuleEffect } from '../../../contracts/loyalty.ts';

export type { RuleCaps, RuleConditions, RuleEffect };

export type Stacking = 'cumulative' | 'best_of';

export interface EarningRule {
  id: string;
  name: string;
  /** The name per language; `name` where a language has none. */
  names?: Partial<Record<'he' | 'fa' | 'en', string>>;
  priority: number;
  trigger: 'purchase' | 'event';
  /** For trigger 'event': signup, first_purchase, birthday_month, profile_completed, survey_answered,
   * referral_qualified, or any custom track event name. */
  event: string | null;
  conditions: RuleConditions;
  effect: RuleEffect;
  stacking: Stacking;
  caps: RuleCaps;
}

export interface PurchaseLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  /** Unit price in minor units. */
  price: number;
}

/** Everything a rule may look at, already resolved (local time, tier, birthday). */
export interface EarningContext {
  trigger: 'purchase' | 'event';
  /** Events happening with this purchase (e.g. first_purchase) or the event itself. */
  events: string[];
  total: number;
  items: PurchaseLine[];
  channel?: string | undefined;
  partnerId?: string | undefined;
  storeId?: string | undefined;
  tier: string | null;
  /** Earn multiplier of the member's tier (1 = none). */
  tierMultiplier: number;
  at: Date;
  localDayOfWeek: number;
  localMonth: number;
  birthdayMonth: number | null;
}

export interface RuleOutcome {
  ruleId: string;
  name: string;
  /** The rule's name per language (for explaining a dry run in the user's language). */
  names?: Partial<Record<'he' | 'fa' | 'en', string>>;
  effect: RuleEffect['type'];
  fired: boolean;
  points: number;
  /** Why it did not fire or was reduced: 'channel does not match', 'capped by perMemberPerDay', … */
  note?: string;
}

export interface EarningResult {
  points: number;
  base: number;
  multiplied: number;
  tierBonus: number;
  bonus: number;
  rules: RuleOutcome[];
}

/** Points a capped rule may still award, by rule id (absent = unlimited). */
export type CapAllowances = ReadonlyMap<string, { remaining: number; cap: string }>;
