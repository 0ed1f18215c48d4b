import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IsoDate, ProgramParams, StringEnum } from '../../platform/http/schemas.ts';
import { BUCKET_SIZES, WEEK_STARTS } from '../../contracts/buckets.ts';
import { getHeadline, getTimeSeries } from './service.ts';

const Count = Type.Integer({ minimum: 0 });
const Int = Type.Integer();
const NullableString = Type.Union([Type.String(), Type.Null()]);

const HeadlineView = Type.Object({
  timeZone: Type.String(),
  currency: Type.String(),
  activeMembers: Count,
  purchasers90Days: Type.Integer({ minimum: 0, description: 'Members with a purchase in the last 90 days' }),
  points: Type.Object({
    available: Type.Integer({ description: 'Sum of positive available balances' }),
    pending: Int,
    liability: Type.Integer({ description: 'available + pending: points the club owes its members' }),
    expiringIn30Days: Int,
  }),
  tiers: Type.Array(
    Type.Object({
      key: NullableString,
      name: NullableString,
      names: Type.Record(Type.String(), Type.String(), { description: 'The name per language' }),
      rank: Type.Union([Type.Integer(), Type.Null()]),
      members: Count,
    }),
    {
      description:
        'Members per tier now, lowest first; the first row (key null) is members without a tier (only when ' +
        'the program has no tiers: a member without a points account is on the lowest tier)',
    },
  ),
});

const Totals = { purchases: Count, gross: Int, refunded: Int, net: Int };

const TimeSeriesView = Type.Object({
  timeZone: Type.String(),
  bucket: StringEnum(BUCKET_SIZES),
  weekStart: StringEnum(WEEK_STARTS),
  from: IsoDate,
  to: IsoDate,
  buckets: Type.Array(
    Type.Object({
      start: IsoDate,
      joined: Count,
      left: Count,
      members: Type.Integer({ description: 'Members at the end of the bucket' }),
      points: Type.Object({
        issued: Type.Integer({ description: 'Earned plus positive adjustments' }),
        redeemed: Int,
        expired: Int,
        reversed: Type.Integer({ description: 'Reversed by refunds plus negative adjustments' }),
      }),
    }),
  ),
  revenue: Type.Array(
    Type.Object({
      currency: Type.String(),
      buckets: Type.Array(Type.Object({ start: IsoDate, ...Totals })),
      total: Type.Object(Totals),
    }),
    { description: 'Per currency, in minor units: purchases by purchase time, refunds by refund time' },
  ),
});

const SeriesQuery = Type.Object({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  bucket: Type.Optional(StringEnum(BUCKET_SIZES, { default: 'day' })),
  weekStart: Type.Optional(StringEnum(WEEK_STARTS, { default: 'monday' })),
});

export async function analyticsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  app.get(
    '/api/programs/:programId/analytics/headline',
    {
      config: { auth: { permission: 'reports:read' } },
      schema: {
        tags: ['analytics'],
        summary: 'Headline figures now: members, recent purchasers, points liability, tier distribution',
        params: ProgramParams,
        response: { 200: HeadlineView },
      },
    },
    async (request) => getHeadline(db, request.params.programId, clock.now()),
  );

  app.get(
    '/api/programs/:programId/analytics/timeseries',
    {
      config: { auth: { permission: 'reports:read' } },
      schema: {
        tags: ['analytics'],
        summary: 'Members, revenue and points per day, week or month in the program time zone',
        description:
          'from/to are local days (inclusive; default the last 30 days), widened to whole buckets. ' +
          'Errors: validation_failed, invalid_range (backwards or more than 400 buckets).',
        params: ProgramParams,
        querystring: SeriesQuery,
        response: { 200: TimeSeriesView },
      },
    },
    async (request) => getTimeSeries(db, request.params.programId, clock.now(), request.query),
  );
}
