// TypeBox schemas for the loyalty API.
import { Type } from 'typebox';
import { IsoDateTime, MinorUnits, Points, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import {
  DryRunView,
  EarningResultView,
  Names,
  RuleCapsSchema as Caps,
  RuleConditionsSchema as Conditions,
  RuleEffectSchema as Effect,
  RuleOutcomeView,
  RULE_STACKING,
  RULE_TRIGGERS,
  RuleView,
  TierSchema,
} from '../../contracts/loyalty.ts';
import { MAX_ITEMS, MAX_ORDER_TOTAL } from './purchase-input.ts';

export { DryRunView, EarningResultView, RuleView, TierSchema };

const PositivePoints = Type.Integer({ minimum: 1, maximum: 1_000_000_000 });
const Label = Type.String({ minLength: 1, maxLength: 200 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Key = Type.String({ minLength: 1, maxLength: 200 });

export const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid });
export const OrderParams = Type.Object({ programId: Uuid, orderId: Key });
export const RuleParams = Type.Object({ programId: Uuid, ruleId: Uuid });

export const AccountView = Type.Object({
  memberId: Uuid,
  available: Points,
  pending: Points,
  balance: Points,
  debt: Points,
  unrecovered: Points,
  lifetimeEarned: Points,
  lifetimeRedeemed: Points,
  lifetimeExpired: Points,
  purchaseCount: Type.Integer(),
  tier: Type.Union([Type.String(), Type.Null()]),
  tierSince: Type.Union([IsoDateTime, Type.Null()]),
  downgradeAt: Type.Union([IsoDateTime, Type.Null()]),
  lastActivityAt: Type.Union([IsoDateTime, Type.Null()]),
  expiringSoon: Type.Object({ points: Points, firstAt: Type.Union([IsoDateTime, Type.Null()]) }),
});

export const LedgerEntryView = Type.Object({
  id: Type.Integer(),
  kind: StringEnum(['earn', 'redeem', 'expire', 'adjust', 'reverse', 'transfer']),
  points: Points,
  reason: Type.String(),
  source: Type.String(),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  idempotencyKey: Type.Union([Type.String(), Type.Null()]),
  purchaseId: Type.Union([Uuid, Type.Null()]),
  partnerId: Type.Union([Uuid, Type.Null()]),
  counterpartMemberId: Type.Union([Uuid, Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: IsoDateTime,
  createdAt: IsoDateTime,
});

export const MovementView = Type.Object({
  entry: LedgerEntryView,
  account: AccountView,
  replayed: Type.Boolean(),
});

export const RedeemBody = Type.Object({
  points: PositivePoints,
  reason: Reason,
  reference: Type.Optional(Key),
  idempotencyKey: Type.Optional(Key),
});

export const AdjustBody = Type.Object({
  points: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 } }),
  reason: Reason,
  idempotencyKey: Type.Optional(Key),
});

export const TransferBody = Type.Object({
  fromMemberId: Uuid,
  toMemberId: Uuid,
  points: PositivePoints,
  idempotencyKey: Type.Optional(Key),
});

const Item = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: 100 }),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
  price: Type.Integer({ minimum: 0, maximum: MAX_ORDER_TOTAL, description: 'Unit price in minor units' }),
});

const PurchaseFields = {
  memberId: Uuid,
  total: Type.Integer({ minimum: 0, maximum: MAX_ORDER_TOTAL, description: 'Minor units (agorot, cents)' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  items: Type.Optional(Type.Array(Item, { maxItems: MAX_ITEMS })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  storeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  partnerId: Type.Optional(Uuid),
  occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
};

export const PurchaseBody = Type.Object({ orderId: Key, ...PurchaseFields });
export const DryRunBody = Type.Object({
  ...PurchaseFields,
  tier: Type.Optional(Type.String({ maxLength: 50 })),
});

export const PurchaseView = Type.Object({
  id: Uuid,
  orderId: Type.String(),
  memberId: Uuid,
  total: MinorUnits,
  currency: Type.String(),
  channel: Type.Union([Type.String(), Type.Null()]),
  storeId: Type.Union([Type.String(), Type.Null()]),
  partnerId: Type.Union([Uuid, Type.Null()]),
  occurredAt: IsoDateTime,
  points: Type.Integer(),
  refundedTotal: MinorUnits,
  pointsReversed: Type.Integer(),
  explanation: Type.Partial(EarningResultView),
  createdAt: IsoDateTime,
});

export const RefundBody = Type.Object({
  amount: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_ORDER_TOTAL, description: 'Default: all that is left' }),
  ),
  refundId: Type.Optional(Key),
  reason: Type.Optional(Reason),
});

export const RefundView = Type.Object({
  id: Uuid,
  orderId: Type.String(),
  amount: MinorUnits,
  pointsReversed: Type.Integer(),
  pointsUnrecovered: Type.Integer(),
  purchase: PurchaseView,
  replayed: Type.Boolean(),
});

const RuleFields = {
  name: Label,
  names: Type.Optional(Names),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  active: Type.Optional(Type.Boolean()),
  priority: Type.Optional(Type.Integer({ minimum: -1000, maximum: 1000 })),
  trigger: StringEnum(RULE_TRIGGERS),
  event: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z0-9 _.:-]{1,100}$' }), Type.Null()])),
  conditions: Type.Optional(Conditions),
  effect: Effect,
  stacking: Type.Optional(StringEnum(RULE_STACKING)),
  caps: Type.Optional(Caps),
};

export const RuleBody = Type.Object(RuleFields);
export const RulePatch = Type.Partial(Type.Object(RuleFields), { minProperties: 1 });

export const SettingsFields = Type.Object({
  pendingDays: Type.Integer({ minimum: 0, maximum: 365 }),
  expiryPolicy: StringEnum(['none', 'fixed', 'inactivity']),
  expiryMonths: Type.Integer({ minimum: 1, maximum: 120 }),
  expiryWarningDays: Type.Integer({ minimum: 0, maximum: 365 }),
  negativeBalancePolicy: StringEnum(['record_debt', 'allow_negative']),
  transfersEnabled: Type.Boolean(),
  transferMinPoints: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
  transferMaxPointsPerDay: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
  tierMetric: StringEnum(['points', 'spend', 'purchases']),
  tierWindowDays: Type.Integer({ minimum: 1, maximum: 3660 }),
  tierGraceDays: Type.Integer({ minimum: 0, maximum: 3660 }),
  signupBonusSources: Type.Array(StringEnum(['admin', 'api', 'form', 'ingest', 'import']), {
    maxItems: 5,
    uniqueItems: true,
    description:
      'Ways of becoming a member that award the signup event rules on creation: admin (admin UI), api ' +
      '(API key), form (signup form, at confirmation with double opt-in), ingest (Segment identify), ' +
      'import (CSV import; off by default: imported customers are not new signups)',
  }),
});
export const SettingsPatch = Type.Partial(SettingsFields, { minProperties: 1 });

export const EventView = Type.Object({
  id: Type.Integer(),
  memberId: Uuid,
  type: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: IsoDateTime,
});

export const EventBonusBody = Type.Object({
  event: Type.String({ pattern: '^[A-Za-z0-9 _.:-]{1,100}$' }),
  occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
  idempotencyKey: Key,
});

export const EventBonusView = Type.Object({
  memberId: Uuid,
  event: Type.String(),
  points: Type.Integer(),
  ledgerEntryId: Type.Union([Type.Integer(), Type.Null()]),
  rules: Type.Array(RuleOutcomeView),
  replayed: Type.Boolean(),
});
