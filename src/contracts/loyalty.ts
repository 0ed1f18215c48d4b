// What the loyalty screens read and write: earning rules (conditions, effect, caps), tiers and the dry run of a
// purchase. The server validates with these schemas; the web apps import their types (through `Wire`), so a rule
// effect or condition is declared once.
import { Type } from 'typebox';
import { IsoDateTime, MinorUnits, StringEnum, Uuid, type Wire } from './schema.ts';

export const RULE_TRIGGERS = ['purchase', 'event'] as const;
export const RULE_STACKING = ['cumulative', 'best_of'] as const;

const Label = Type.String({ minLength: 1, maxLength: 200 });
/** A name per language; the plain `name` is shown where a language has none. */
export const Names = Type.Object(
  {
    he: Type.Optional(Type.String({ maxLength: 200 })),
    fa: Type.Optional(Type.String({ maxLength: 200 })),
    en: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false, description: 'The name in Hebrew, Persian and English (fallback: name)' },
);
export const RuleOutcomeView = Type.Object({
  ruleId: Type.String(),
  name: Type.String(),
  names: Type.Optional(Names),
  effect: Type.String(),
  fired: Type.Boolean(),
  points: Type.Integer(),
  note: Type.Optional(Type.String()),
});

export const EarningResultView = Type.Object({
  points: Type.Integer(),
  base: Type.Integer(),
  multiplied: Type.Integer(),
  tierBonus: Type.Integer(),
  bonus: Type.Integer(),
  rules: Type.Array(RuleOutcomeView),
});

export const RuleConditionsSchema = Type.Object({
  /** Item-level: the rule applies to the lines with these SKUs / categories only. */
  skus: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
  categories: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
  /** Order-level: the whole purchase must match. */
  channels: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
  partners: Type.Optional(Type.Array(Uuid, { maxItems: 500 })),
  stores: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })),
  tiers: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
  /** 0 = Sunday … 6 = Saturday, in the program's time zone. */
  daysOfWeek: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 })),
  /** ISO date-times; the purchase/event time must be within [from, until). */
  from: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  /** Minimum order total in minor units. */
  minTotal: Type.Optional(MinorUnits),
  /** Only in the member's birthday month (program time zone). */
  birthdayMonth: Type.Optional(Type.Boolean()),
});

export const RuleEffectSchema = Type.Union([
  /** `points` for every whole `per` minor units spent (base rate; e.g. 1 point per 100 agorot). */
  Type.Object({
    type: Type.Literal('per_spend'),
    points: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    per: Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'minor units' }),
  }),
  /** Multiplies the base points of the matching lines (or the whole order). 2 = double points. */
  Type.Object({
    type: Type.Literal('multiplier'),
    factor: Type.Number({ exclusiveMinimum: 1, maximum: 100 }),
  }),
  /** Fixed points (event bonuses, first purchase, bonus on a product). */
  Type.Object({ type: Type.Literal('bonus'), points: Type.Integer({ minimum: 1, maximum: 100_000_000 }) }),
]);

export const RuleCapsSchema = Type.Object({
  perMemberPerDay: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  perMemberPerMonth: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  /** Total points this rule may ever award in the program. */
  programBudget: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })),
});

export const RuleView = Type.Object({
  id: Uuid,
  name: Type.String(),
  names: Names,
  description: Type.String(),
  active: Type.Boolean(),
  priority: Type.Integer(),
  trigger: StringEnum(RULE_TRIGGERS),
  event: Type.Union([Type.String(), Type.Null()]),
  conditions: RuleConditionsSchema,
  effect: RuleEffectSchema,
  stacking: StringEnum(RULE_STACKING),
  caps: RuleCapsSchema,
  awardedPoints: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const TierSchema = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,49}$' }),
  name: Label,
  names: Type.Optional(Names),
  rank: Type.Integer({ minimum: 0, maximum: 1000 }),
  threshold: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
  benefits: Type.Object({
    earnMultiplier: Type.Optional(Type.Number({ minimum: 1, maximum: 100 })),
    rewardAccess: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
    earlyAccess: Type.Optional(Type.Boolean()),
  }),
});

export const DryRunView = Type.Intersect([
  EarningResultView,
  Type.Object({ tier: Type.Union([Type.String(), Type.Null()]) }),
]);

export type RuleConditions = Wire<typeof RuleConditionsSchema>;
export type RuleEffect = Wire<typeof RuleEffectSchema>;
export type RuleCaps = Wire<typeof RuleCapsSchema>;
/** An earning rule as the API returns it. */
export type EarningRuleView = Wire<typeof RuleView>;
export type Tier = Wire<typeof TierSchema>;
export type DryRunResult = Wire<typeof DryRunView>;
