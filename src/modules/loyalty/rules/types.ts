// Earning rules are data: conditions decide whether a rule applies, the effect decides how many points.

export interface RuleConditions {
  /** Item-level: the rule applies to the lines with these SKUs / categories only. */
  skus?: string[];
  categories?: string[];
  /** Order-level: the whole purchase must match. */
  channels?: string[];
  partners?: string[];
  stores?: string[];
  tiers?: string[];
  /** 0 = Sunday … 6 = Saturday, in the program's time zone. */
  daysOfWeek?: number[];
  /** ISO date-times; the purchase/event time must be within [from, until). */
  from?: string;
  until?: string;
  /** Minimum order total in minor units. */
  minTotal?: number;
  /** Only in the member's birthday month (program time zone). */
  birthdayMonth?: boolean;
}

export type RuleEffect =
  /** `points` for every whole `per` minor units spent (base rate; e.g. 1 point per 100 agorot). */
  | { type: 'per_spend'; points: number; per: number }
  /** Multiplies the base points of the matching lines (or the whole order). 2 = double points. */
  | { type: 'multiplier'; factor: number }
  /** Fixed points (event bonuses, first purchase, bonus on a product). */
  | { type: 'bonus'; points: number };

export interface RuleCaps {
  perMemberPerDay?: number;
  perMemberPerMonth?: number;
  /** Total points this rule may ever award in the program. */
  programBudget?: number;
}

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
