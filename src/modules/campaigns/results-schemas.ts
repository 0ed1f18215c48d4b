// HTTP shapes of a campaign's results (docs/campaigns.md, "Results"): stats/report.ts's statistics, the click
// map and the charts' series.
import { Type } from 'typebox';
import { IsoDateTime, StringEnum } from '../../platform/http/schemas.ts';
import { BUCKET_SIZES } from './stats/series.ts';
import { OUTCOMES } from './stats/report.ts';
import { WINNER_METRICS } from './stats/winner.ts';

const Count = Type.Integer({ minimum: 0 });
const Num = Type.Number();
const NullableNum = Type.Union([Type.Number(), Type.Null()]);
const Interval = { low: Num, high: Num };
const Rate = Type.Object({ rate: Num, ...Interval });

export const ResultsQuery = Type.Object(
  {
    confidence: Type.Optional(
      Type.Number({
        minimum: 0.8,
        maximum: 0.999,
        description: 'Of the intervals and tests; 0.95 by default',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SeriesQuery = Type.Object(
  {
    bucket: Type.Optional(
      StringEnum(BUCKET_SIZES, { description: 'Local hours or days; hours for the first 72 h by default' }),
    ),
  },
  { additionalProperties: false },
);

const counts = {
  audience: Count,
  sent: Count,
  delivered: Count,
  hardBounced: Count,
  softBounced: Count,
  opened: Count,
  machineOnlyOpened: Count,
  machineOpens: Count,
  clicked: Count,
  unsubscribed: Count,
  complained: Count,
  conversions: Count,
  orders: Count,
  revenue: Type.Integer({ description: 'Minor units of the program currency' }),
  pointsEarned: Type.Integer(),
  rewardsRedeemed: Count,
};

const GroupStats = Type.Object({
  key: Type.String({ description: "A variant's key, 'unassigned' (no variant yet), or 'total'" }),
  ...counts,
  rates: Type.Object({
    delivered: Rate,
    opened: Rate,
    clicked: Rate,
    unsubscribed: Rate,
    complained: Rate,
    conversion: Rate,
  }),
  revenuePerRecipient: Type.Integer(),
});

const RateLift = Type.Object({
  treatedRate: Num,
  holdoutRate: Num,
  absolute: Type.Object({ difference: Num, ...Interval }),
  relative: Type.Union([Type.Object({ lift: Num, ...Interval }), Type.Null()]),
  pValue: Num,
  significant: Type.Boolean(),
});

const MeanDifference = Type.Object({
  low: NullableNum,
  high: NullableNum,
  treatedMean: Num,
  holdoutMean: Num,
  difference: Num,
  pValue: Num,
  significant: Type.Boolean(),
});

const Outcome = StringEnum(OUTCOMES);

export const CampaignResultsView = Type.Object({
  campaignId: Type.String(),
  state: Type.String(),
  computedAt: IsoDateTime,
  confidence: Num,
  attributionDays: Type.Integer(),
  currency: Type.String(),
  total: GroupStats,
  variants: Type.Array(GroupStats),
  holdout: Type.Union([
    Type.Object({ members: Count, conversion: RateLift, spendPerMember: MeanDifference }),
    Type.Null(),
  ]),
  winner: Type.Union([
    Type.Object({
      metric: StringEnum(WINNER_METRICS),
      winner: Type.String(),
      reason: StringEnum(['significant', 'not_significant', 'tie', 'no_data'] as const),
      confidence: Num,
      variants: Type.Array(
        Type.Object({
          key: Type.String(),
          successes: Count,
          trials: Count,
          rate: Num,
          ...Interval,
          pValue: Num,
        }),
      ),
    }),
    Type.Null(),
  ]),
  accounting: Type.Object({
    audience: Count,
    outcomes: Type.Record(Type.String(), Count),
    reasons: Type.Array(
      Type.Object({ outcome: Outcome, reason: Type.Union([Type.String(), Type.Null()]), count: Count }),
    ),
    unexplained: Count,
    balanced: Type.Boolean(),
  }),
  links: Type.Array(
    Type.Object({
      variant: Type.Union([Type.String(), Type.Null()]),
      linkIndex: Type.Integer(),
      url: Type.String(),
      clicks: Count,
      clickers: Count,
    }),
  ),
});

const SeriesPoint = Type.Object({
  bucket: Type.String({ description: "Local 'YYYY-MM-DDTHH:00' or 'YYYY-MM-DD'" }),
  sent: Count,
  opened: Count,
  clicked: Count,
  unsubscribed: Count,
  revenue: Type.Integer(),
});

export const CampaignSeriesView = Type.Object({
  bucket: StringEnum(BUCKET_SIZES),
  timeZone: Type.String(),
  from: Type.Union([IsoDateTime, Type.Null()]),
  until: IsoDateTime,
  series: Type.Array(Type.Object({ group: Type.String(), points: Type.Array(SeriesPoint) })),
});
