import { Type } from 'typebox';
import { IsoDateTime, MinorUnits, StringEnum, Uuid } from '../../platform/http/schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const BonusPoints = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Period = StringEnum(['day', 'week', 'month', 'year'] as const);

export const ReferralSettingsView = Type.Object({
  enabled: Type.Boolean(),
  formId: Nullable(Uuid),
  referrerPoints: BonusPoints,
  refereePoints: BonusPoints,
  referrerRewardId: Nullable(Uuid),
  refereeRewardId: Nullable(Uuid),
  minPurchase: MinorUnits,
  qualifyWithinDays: Type.Integer({ minimum: 1, maximum: 3660 }),
  referrerCap: Nullable(
    Type.Object({ count: Type.Integer({ minimum: 1, maximum: 100_000 }), period: Period }),
  ),
  blockSameNetwork: Type.Boolean(),
  monthlyTarget: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  ambassador: Nullable(
    Type.Object({ after: Type.Integer({ minimum: 1, maximum: 100_000 }), points: BonusPoints }),
  ),
});

export const ReferralSettingsBody = Type.Partial(ReferralSettingsView, { additionalProperties: false });

const Counts = {
  joined: Count,
  pending: Count,
  qualified: Count,
  expired: Count,
  blocked: Count,
};

export const ReferralReportView = Type.Object({
  codes: Count,
  visits: Count,
  ...Counts,
  blockedBy: Type.Record(Type.String(), Count),
  conversion: Type.Number(),
  paid: Type.Object({ points: Type.Integer(), rewards: Count }),
  thisMonth: Type.Object({ qualified: Count, target: Nullable(Type.Integer()) }),
  topReferrers: Type.Array(
    Type.Object({
      memberId: Uuid,
      name: Type.String(),
      qualified: Count,
      points: Type.Integer(),
      ambassador: Type.Boolean(),
    }),
  ),
});

export const ReferralView = Type.Object({
  id: Uuid,
  referrerId: Uuid,
  referrerName: Type.String(),
  refereeId: Uuid,
  refereeName: Type.String(),
  status: StringEnum(['joined', 'qualified', 'blocked', 'expired'] as const),
  blockReason: Nullable(Type.String()),
  joinedAt: IsoDateTime,
  qualifyBy: IsoDateTime,
  qualifiedAt: Nullable(IsoDateTime),
  orderId: Nullable(Type.String()),
});

export const MemberReferralView = Type.Object({
  code: Type.String(),
  link: Type.String(),
  visits: Count,
  ...Counts,
  pointsEarned: Type.Integer(),
  rewardsEarned: Count,
  ambassador: Nullable(Type.Object({ after: Type.Integer(), reached: Type.Boolean() })),
  offer: Type.Object({
    enabled: Type.Boolean(),
    referrerPoints: Type.Integer(),
    refereePoints: Type.Integer(),
    minPurchase: Type.Integer(),
    qualifyWithinDays: Type.Integer(),
  }),
});
