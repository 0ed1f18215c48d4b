// What the referral screens and the portal's "invite a friend" read: the program's referral settings, the report,
// a referral and a member's own referral card. Shared with the web apps (types only, through `Wire`).
import { Type } from 'typebox';
import { IsoDateTime, MinorUnits, Nullable, StringEnum, Uuid, type Wire } from './schema.ts';

const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const BonusPoints = Type.Integer({ minimum: 0, maximum: 100_000_000 });
export const CAP_PERIODS = ['day', 'week', 'month', 'year'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];
const Period = StringEnum(CAP_PERIODS);

export const ReferralSettingsView = Type.Object({
  enabled: Type.Boolean(),
  /** The signup form `/r/{code}` opens, with the code attached. */
  formId: Nullable(Uuid),
  referrerPoints: BonusPoints,
  refereePoints: BonusPoints,
  referrerRewardId: Nullable(Uuid),
  refereeRewardId: Nullable(Uuid),
  /** Minor units: the referee's qualifying purchase is at least this. */
  minPurchase: MinorUnits,
  qualifyWithinDays: Type.Integer({ minimum: 1, maximum: 3660 }),
  /** At most this many referrer bonuses per period; more referrals still qualify, the bonus is blocked. */
  referrerCap: Nullable(
    Type.Object({ count: Type.Integer({ minimum: 1, maximum: 100_000 }), period: Period }),
  ),
  /** Refuse a referral when the friend signs up from a network address the referrer used. */
  blockSameNetwork: Type.Boolean(),
  monthlyTarget: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
  ambassador: Nullable(
    Type.Object({ after: Type.Integer({ minimum: 1, maximum: 100_000 }), points: BonusPoints }),
  ),
});

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

export type ReferralSettings = Wire<typeof ReferralSettingsView>;
export type ReferralReport = Wire<typeof ReferralReportView>;
export type Referral = Wire<typeof ReferralView>;
export type MemberReferral = Wire<typeof MemberReferralView>;
