// TypeBox schemas for the automatic-reward rules API.
import { Type } from 'typebox';
import { IsoDateTime, StringEnum, Uuid } from '../../platform/http/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RuleParams = Type.Object({ programId: Uuid, ruleId: Uuid });

const Trigger = StringEnum(['points_earned', 'tier_reached', 'birthday_month'] as const, {
  description:
    'points_earned: the member has earned `points` in all (lifetime, pending included); tier_reached: the ' +
    "member's tier is `tier` or ranks above it; birthday_month: the member's birthday month has begun in the " +
    "program's time zone (once a year)",
});

export const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    trigger: Trigger,
    points: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000_000 }))),
    tier: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    rewardId: Uuid,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RuleView = Type.Object({
  id: Uuid,
  name: Type.String(),
  trigger: Trigger,
  points: Nullable(Type.Integer()),
  tier: Nullable(Type.String()),
  rewardId: Uuid,
  active: Type.Boolean(),
  issued: Type.Integer({ description: 'Coupons this rule gave' }),
  skipped: Type.Integer({ description: 'Times it could not give its reward (out of stock, not offered)' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const RuleIssueView = Type.Object({
  memberId: Uuid,
  period: Type.String({ description: "'once', or the local year of a birthday month" }),
  status: StringEnum(['issued', 'skipped'] as const),
  reason: Nullable(Type.String({ description: 'Why it was skipped: out_of_stock, reward_inactive, …' })),
  couponId: Nullable(Uuid),
  eventId: Nullable(Type.Integer({ description: 'The event that triggered it (null: the birthday sweep)' })),
  at: IsoDateTime,
});
