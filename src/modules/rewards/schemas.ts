// TypeBox schemas for the rewards and till API.
import { Type } from 'typebox';
import { IsoDateTime, MinorUnits, Points, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { REWARD_KINDS } from './tables.ts';

const Money = Type.Integer({
  minimum: 0,
  maximum: 1_000_000_000,
  description: 'Minor units (agorot, cents)',
});
const PositiveMoney = Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'Minor units' });
const Key = Type.String({ minLength: 1, maxLength: 200 });
const Short = Type.String({ minLength: 1, maxLength: 100 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const RewardParams = Type.Object({ programId: Uuid, rewardId: Uuid });
export const CouponParams = Type.Object({ programId: Uuid, couponId: Uuid });
export const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid });

const RewardText = Type.Object({
  name: Type.String({ maxLength: 120 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  terms: Type.Optional(Type.String({ maxLength: 4000 })),
});
const RewardTexts = Type.Object({
  he: Type.Optional(RewardText),
  fa: Type.Optional(RewardText),
  en: Type.Optional(RewardText),
});

const RewardEffect = Type.Object({
  percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  maxAmount: Type.Optional(PositiveMoney),
  amount: Type.Optional(PositiveMoney),
  sku: Type.Optional(Short),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  value: Type.Optional(PositiveMoney),
  saleId: Type.Optional(Short),
  partnerId: Type.Optional(Short),
  cause: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

const StringList = Type.Array(Short, { maxItems: 200 });
const Conditions = Type.Object({
  skus: Type.Optional(StringList),
  categories: Type.Optional(StringList),
  minTotal: Type.Optional(Money),
  stores: Type.Optional(StringList),
  channels: Type.Optional(StringList),
  partners: Type.Optional(StringList),
});

const RewardKind = StringEnum(REWARD_KINDS);
const Period = StringEnum(['day', 'week', 'month', 'year'] as const);

export const RewardBody = Type.Object({
  kind: RewardKind,
  costPoints: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  freeFromTier: Type.Optional(Nullable(Short)),
  stock: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100_000_000 }))),
  perMemberLimit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  periodLimit: Type.Optional(
    Nullable(Type.Object({ count: Type.Integer({ minimum: 1, maximum: 1_000_000 }), period: Period })),
  ),
  minTier: Type.Optional(Nullable(Short)),
  validFrom: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  validUntil: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  couponValidDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3660 }))),
  texts: RewardTexts,
  imageUrl: Type.Optional(Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }))),
  active: Type.Optional(Type.Boolean()),
  sortOrder: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
  businessCost: Type.Optional(Money),
  effect: Type.Optional(RewardEffect),
  conditions: Type.Optional(Conditions),
});

export const RewardView = Type.Object({
  id: Uuid,
  kind: RewardKind,
  costPoints: Points,
  freeFromTier: Nullable(Type.String()),
  stockTotal: Nullable(Type.Integer()),
  stockLeft: Nullable(Type.Integer()),
  perMemberLimit: Nullable(Type.Integer()),
  periodLimit: Nullable(Type.Object({ count: Type.Integer(), period: Period })),
  minTier: Nullable(Type.String()),
  validFrom: Nullable(IsoDateTime),
  validUntil: Nullable(IsoDateTime),
  couponValidDays: Nullable(Type.Integer()),
  texts: RewardTexts,
  imageUrl: Nullable(Type.String()),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
  businessCost: MinorUnits,
  effect: RewardEffect,
  conditions: Conditions,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const CouponView = Type.Object({
  id: Uuid,
  code: Type.String({ description: 'Display form, grouped with dashes' }),
  source: Type.String(),
  rewardId: Nullable(Uuid),
  memberId: Nullable(Uuid),
  kind: RewardKind,
  effect: RewardEffect,
  conditions: Conditions,
  status: StringEnum(['active', 'redeemed', 'cancelled', 'expired'] as const),
  pointsSpent: Points,
  balance: Nullable(Type.Integer()),
  initialValue: Nullable(Type.Integer()),
  issuedAt: IsoDateTime,
  expiresAt: Nullable(IsoDateTime),
  redeemedAt: Nullable(IsoDateTime),
  redeemedOrderId: Nullable(Type.String()),
  redeemedStoreId: Nullable(Type.String()),
  closedAt: Nullable(IsoDateTime),
});

export const CouponEventView = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  amount: Nullable(Type.Integer()),
  balanceAfter: Nullable(Type.Integer()),
  orderId: Nullable(Type.String()),
  storeId: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  points: Nullable(Type.Integer()),
  ledgerEntryId: Nullable(Type.Integer()),
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  undoneAt: Nullable(IsoDateTime),
  at: IsoDateTime,
});

export const RedemptionView = Type.Object({
  coupon: CouponView,
  pointsSpent: Points,
  ledgerEntryId: Nullable(Type.Integer()),
});

const Item = Type.Object({
  sku: Short,
  category: Type.Optional(Short),
  quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
  price: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Unit price in minor units' }),
});

const Cart = Type.Object(
  {
    total: Type.Integer({
      minimum: 0,
      maximum: 1_000_000_000,
      description: 'Minor units, before the coupon',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    items: Type.Optional(Type.Array(Item, { maxItems: 500 })),
    shipping: Type.Optional(Money),
    channel: Type.Optional(Short),
    storeId: Type.Optional(Short),
    partnerId: Type.Optional(Short),
  },
  { description: 'The cart the coupon is used on' },
);

const Code = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'As printed or scanned; case, spaces and dashes do not matter',
});

const CART_EXAMPLE = {
  total: 4_800,
  currency: 'ILS',
  items: [
    { sku: 'coffee', category: 'drinks', quantity: 2, price: 1_400 },
    { sku: 'croissant', category: 'food', quantity: 1, price: 2_000 },
  ],
  channel: 'pos',
  storeId: 'dizengoff',
};

export const ValidateBody = Type.Object(
  {
    code: Code,
    memberId: Type.Optional(Uuid),
    cart: Cart,
    amount: Type.Optional(PositiveMoney),
  },
  { examples: [{ code: 'CAFE-7KQ2M-X9HTR-4WB3P', cart: CART_EXAMPLE }] },
);

export const RedeemCouponBody = Type.Object(
  {
    code: Code,
    orderId: Key,
    memberId: Type.Optional(Uuid),
    cart: Cart,
    amount: Type.Optional(PositiveMoney),
  },
  { examples: [{ code: 'cafe 7kq2m x9htr 4wb3p', orderId: 'pos-1042', cart: CART_EXAMPLE }] },
);

const Benefit = Type.Object({
  amount: Type.Integer({ description: 'Minor units off the cart (gift cards: taken from the balance)' }),
  lines: Type.Array(Type.Object({ sku: Type.String(), amount: Type.Integer() })),
  freeShipping: Type.Boolean(),
  balanceAfter: Nullable(Type.Integer()),
});

export const ValidationView = Type.Object(
  {
    valid: Type.Boolean(),
    reason: Nullable(
      Type.String({
        description:
          'not_found, used, cancelled, expired, not_yours, gift_card_empty, amount_over_balance, currency_mismatch, ' +
          'wrong_store, wrong_channel, wrong_partner, min_total_not_met, no_eligible_items, product_not_in_cart, ' +
          'nothing_to_discount',
      }),
    ),
    message: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    discount: Nullable(Benefit),
    coupon: Nullable(
      Type.Object({
        code: Type.String(),
        kind: RewardKind,
        status: Type.String(),
        expiresAt: Nullable(IsoDateTime),
        balance: Nullable(Type.Integer()),
        memberId: Nullable(Uuid),
      }),
    ),
  },
  {
    examples: [
      {
        valid: true,
        reason: null,
        message: null,
        details: {},
        discount: { amount: 480, lines: [], freeShipping: false, balanceAfter: null },
        coupon: {
          code: 'CAFE-7KQ2M-X9HTR-4WB3P',
          kind: 'percentage_discount',
          status: 'active',
          expiresAt: '2026-12-31T22:00:00.000Z',
          balance: null,
          memberId: null,
        },
      },
      {
        valid: false,
        reason: 'min_total_not_met',
        message: 'The cart is below the minimum total for this coupon',
        details: { minTotal: 10_000, total: 4_800 },
        discount: null,
        coupon: null,
      },
    ],
  },
);

export const TillRedemptionView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  orderId: Type.String(),
  amount: Type.Integer(),
  lines: Type.Array(Type.Object({ sku: Type.String(), amount: Type.Integer() })),
  freeShipping: Type.Boolean(),
  balanceAfter: Nullable(Type.Integer()),
  storeId: Nullable(Type.String()),
  channel: Nullable(Type.String()),
  at: IsoDateTime,
  replayed: Type.Boolean(),
});

export const UndoBody = Type.Object({
  code: Code,
  orderId: Key,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
export const TopUpBody = Type.Object({
  code: Code,
  amount: PositiveMoney,
  reference: Type.Optional(Key),
});
export const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });

export const LookupQuery = Type.Object({ code: Code });
export const LookupView = Type.Object({
  coupon: CouponView,
  history: Type.Array(CouponEventView),
  reward: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  purchases: Type.Array(
    Type.Object({ orderId: Type.String(), id: Uuid, total: Type.Integer(), occurredAt: IsoDateTime }),
  ),
});

export const SettingsView = Type.Object({
  onCancel: StringEnum(['refund', 'forfeit'] as const),
  onExpiry: StringEnum(['refund', 'forfeit'] as const),
  undoWindowMinutes: Type.Integer({ minimum: 0, maximum: 10_080 }),
});
export const SettingsBody = Type.Partial(SettingsView);
