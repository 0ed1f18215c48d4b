// Customer value reports: RFM, Pareto, product affinity, one member's value. Aggregates need reports:read;
// lists of named customers need members:read / members:export.
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { csvLines } from '../../platform/csv.ts';
import {
  IsoDate,
  IsoDateTime,
  Nullable,
  ProgramParams,
  StringEnum,
  Uuid,
} from '../../platform/http/schemas.ts';
import { affinityReport } from './affinity.ts';
import { CHURN_RISKS } from './churn.ts';
import { memberValue } from './member-value.ts';
import { paretoCustomers, paretoReport } from './pareto.ts';
import { rfmMembers, rfmReport } from './rfm.ts';
import { RFM_SEGMENTS, type RfmScale } from './rfm-grid.ts';

const Window = {
  day: Type.Optional(IsoDate),
  months: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, default: 24 })),
};
const Scale = Type.Optional(Type.Union([Type.Literal(5), Type.Literal(4)], { default: 5 }));
const Segment = StringEnum(RFM_SEGMENTS);
const Int = Type.Integer();

export async function valueRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['value'];

  app.get(
    '/api/programs/:programId/value/rfm',
    {
      config: { auth: { permission: 'reports:read' } },
      schema: {
        tags,
        summary:
          'RFM scores by named segment, the recency × frequency grid, and movement since a month earlier',
        description:
          'Snapshot: the end of `day` (default today) in the program time zone; window: the `months` before it. ' +
          'Frequency = distinct orders, monetary = net spend (refunds made before the snapshot), recency = days ' +
          'since the last order. Only the program currency counts. Definitions: docs/segments.md.',
        params: ProgramParams,
        querystring: Type.Object({ ...Window, scale: Scale }),
        response: {
          200: Type.Object({
            day: IsoDate,
            previousDay: IsoDate,
            months: Int,
            scale: Int,
            currency: Type.String(),
            customers: Int,
            segments: Type.Array(
              Type.Object({
                segment: Segment,
                customers: Int,
                revenue: Int,
                averageRecencyDays: Nullable(Type.Number()),
                averageFrequency: Nullable(Type.Number()),
                averageMonetary: Nullable(Type.Number()),
              }),
            ),
            grid: Type.Array(Type.Object({ r: Int, f: Int, customers: Int })),
            movement: Type.Array(
              Type.Object({ from: Nullable(Segment), to: Nullable(Segment), customers: Int }),
              { description: 'from null: not a customer a month earlier; to null: no longer one' },
            ),
            otherCurrencies: Type.Array(Type.Object({ currency: Type.String(), purchases: Int }), {
              description: 'Purchases left out because they are not in the program currency',
            }),
          }),
        },
      },
    },
    async (request) =>
      rfmReport(db, request.params.programId, clock.now(), {
        ...request.query,
        scale: request.query.scale as RfmScale | undefined,
      }),
  );

  app.get(
    '/api/programs/:programId/value/rfm/members',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags,
        summary: 'The scored customers of a segment or grid cell, highest spend first',
        params: ProgramParams,
        querystring: Type.Object({
          ...Window,
          scale: Scale,
          segment: Type.Optional(Segment),
          r: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          f: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                memberId: Uuid,
                firstName: Nullable(Type.String()),
                lastName: Nullable(Type.String()),
                email: Nullable(Type.String()),
                r: Int,
                f: Int,
                m: Int,
                segment: Segment,
                recencyDays: Int,
                frequency: Int,
                monetary: Int,
              }),
            ),
            more: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return rfmMembers(db, request.params.programId, clock.now(), {
        ...q,
        scale: q.scale as RfmScale | undefined,
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
      });
    },
  );

  app.get(
    '/api/programs/:programId/value/pareto',
    {
      config: { auth: { permission: 'reports:read' } },
      schema: {
        tags,
        summary: 'Share of revenue from the top 1 / 5 / 10 / 20 % of customers, and the Pareto curve',
        params: ProgramParams,
        querystring: Type.Object(Window),
        response: {
          200: Type.Object({
            day: IsoDate,
            months: Int,
            currency: Type.String(),
            customers: Int,
            revenue: Int,
            top: Type.Array(
              Type.Object({ percent: Int, customers: Int, revenue: Int, revenueShare: Type.Number() }),
            ),
            curve: Type.Array(Type.Object({ customerShare: Type.Number(), revenueShare: Type.Number() })),
          }),
        },
      },
    },
    async (request) => paretoReport(db, request.params.programId, clock.now(), request.query),
  );

  app.get(
    '/api/programs/:programId/value/pareto/export',
    {
      config: { auth: { permission: 'members:export' } },
      schema: {
        tags,
        summary: 'The top customers by net spend as CSV (UTF-8 with BOM)',
        params: ProgramParams,
        querystring: Type.Object({
          ...Window,
          percent: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const rows = await paretoCustomers(db, request.params.programId, clock.now(), {
        ...request.query,
        percent: request.query.percent ?? 20,
      });
      const body =
        '\ufeff' +
        csvLines([
          ['position', 'member_id', 'external_id', 'first_name', 'last_name', 'email', 'orders', 'net_spend'],
          ...rows.map((r) => [
            String(r.position),
            r.member_id,
            r.external_id ?? '',
            r.first_name ?? '',
            r.last_name ?? '',
            r.email ?? '',
            String(r.frequency),
            String(r.monetary),
          ]),
        ]);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="top-customers.csv"')
        .send(Readable.from([body]));
    },
  );

  app.get(
    '/api/programs/:programId/value/affinity',
    {
      config: { auth: { permission: 'reports:read' } },
      schema: {
        tags,
        summary: 'Categories or SKUs an RFM segment buys more than everyone: lift with support counts',
        params: ProgramParams,
        querystring: Type.Object({
          ...Window,
          segment: Type.Optional(Segment),
          by: Type.Optional(StringEnum(['category', 'sku'] as const, { default: 'category' })),
          minSupport: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 2 })),
        }),
        response: {
          200: Type.Object({
            day: IsoDate,
            segment: Segment,
            by: Type.String(),
            segmentCustomers: Int,
            customers: Int,
            items: Type.Array(
              Type.Object({
                item: Type.String(),
                customersInSegment: Int,
                customersOverall: Int,
                support: Type.Number(),
                lift: Type.Number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return affinityReport(db, request.params.programId, clock.now(), {
        ...q,
        segment: q.segment ?? 'champions',
        by: q.by ?? 'category',
        minSupport: q.minSupport ?? 2,
      });
    },
  );

  app.get(
    '/api/programs/:programId/members/:memberId/value',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags,
        summary:
          "A member's value: orders, net spend, average order, first/last purchase, top categories and SKUs",
        params: Type.Object({ programId: Uuid, memberId: Uuid }),
        response: {
          200: Type.Object({
            memberId: Uuid,
            currency: Type.String(),
            orders: Int,
            netSpend: Int,
            averageOrder: Nullable(Int),
            firstPurchaseAt: Nullable(IsoDateTime),
            lastPurchaseAt: Nullable(IsoDateTime),
            daysBetweenOrders: Nullable(Type.Number()),
            distinctCategories: Int,
            topCategories: Type.Array(Type.Object({ category: Type.String(), spend: Int })),
            topSkus: Type.Array(Type.Object({ sku: Type.String(), quantity: Int })),
            churnRisk: Nullable(StringEnum(CHURN_RISKS, { description: 'docs/segments.md, "Churn risk"' })),
          }),
        },
      },
    },
    async (request) => memberValue(db, request.params.programId, request.params.memberId, clock.now()),
  );
}
