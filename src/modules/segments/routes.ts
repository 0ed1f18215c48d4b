// Saved segments and rule previews. Thin: parse, authorise, call the service, reply.
import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import {
  IsoDate,
  IsoDateTime,
  Page,
  PageQuery,
  ProgramParams,
  StringEnum,
  Uuid,
} from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';
import { compileContext } from './evaluate.ts';
import type { SegmentFieldRegistry } from './fields/registry.ts';
import { OPERATORS } from './rules/types.ts';
import { listSegmentEvents, refreshSegment, segmentCsvChunks, segmentSizes } from './refresh.ts';
import { BROWSE_SORTS, browseCsvChunks, browseMembers } from './browse.ts';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listRuleMembers,
  listSegments,
  previewRule,
  updateSegment,
  type SegmentDeps,
} from './service.ts';

const Rule = Type.Unknown({
  description:
    'A rule tree: {type:"and"|"or", rules:[…]}, {type:"not", rule}, or {type:"condition", field, op, value?, ' +
    'params?}. Fields and their operators: GET …/segments/fields. Errors name the node: unknown_field, ' +
    'invalid_operator, invalid_value, invalid_params, invalid_rule, rule_too_deep, rule_too_large.',
});
const SegmentParams = Type.Object({ programId: Uuid, segmentId: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 120 });
const Description = Type.String({ maxLength: 1000 });

const SegmentView = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  rule: Type.Unknown(),
  memberCount: Type.Integer({ description: 'Members at the last refresh' }),
  refreshedAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
const MemberView = Type.Object({
  id: Uuid,
  externalId: Type.Union([Type.String(), Type.Null()]),
  firstName: Type.Union([Type.String(), Type.Null()]),
  lastName: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: Type.Union([Type.String(), Type.Null()]),
  joinedAt: IsoDateTime,
});
const FieldView = Type.Object({
  key: Type.String(),
  group: Type.String(),
  label: Type.String(),
  type: Type.String(),
  operators: Type.Array(Type.String()),
  options: Type.Optional(Type.Array(Type.String())),
  minimum: Type.Optional(Type.Number()),
  maximum: Type.Optional(Type.Number()),
  integer: Type.Optional(Type.Boolean()),
  unit: Type.Optional(Type.String()),
  params: Type.Optional(Type.Unknown({ description: 'JSON Schema of the parameters' })),
});
const RefreshView = Type.Object({
  segmentId: Uuid,
  members: Type.Integer(),
  entered: Type.Integer(),
  left: Type.Integer(),
});

const BrowseQuery = {
  rule: Type.Optional(
    Type.String({
      maxLength: 8000,
      description: 'A rule tree as JSON (see POST …/segments/preview); absent: everyone',
    }),
  ),
  sort: Type.Optional(StringEnum(BROWSE_SORTS)),
  direction: Type.Optional(StringEnum(['asc', 'desc'])),
};
const BrowsedMember = Type.Object({
  ...MemberView.properties,
  points: Type.Integer({ description: 'Points available' }),
  tierKey: Type.Union([Type.String(), Type.Null()]),
  lastPurchaseAt: Type.Union([IsoDateTime, Type.Null()]),
});

function parseRule(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_rule', 400, 'rule is not JSON', { path: 'rule', problem: 'not JSON' });
  }
}

export async function segmentRoutes(fastify: FastifyInstance, options: { fields: SegmentFieldRegistry }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const deps: SegmentDeps = { db, clock, fields: options.fields };
  const tags = ['segments'];

  app.get(
    '/api/programs/:programId/segments/fields',
    {
      config: { auth: { permission: 'segments:read' } },
      schema: {
        tags,
        summary: 'The fields a rule may use in this program, with their operators and parameters',
        params: ProgramParams,
        response: { 200: Type.Object({ fields: Type.Array(FieldView) }) },
      },
    },
    async (request) => {
      const ctx = await compileContext(db, request.params.programId, clock.now());
      return {
        fields: options.fields.list(ctx).map((f) => ({
          key: f.key,
          group: f.group,
          label: f.label,
          type: f.type,
          operators: [...OPERATORS[f.type]],
          ...(f.options ? { options: [...f.options] } : {}),
          ...(f.minimum !== undefined ? { minimum: f.minimum } : {}),
          ...(f.maximum !== undefined ? { maximum: f.maximum } : {}),
          ...(f.integer ? { integer: true } : {}),
          ...(f.unit ? { unit: f.unit } : {}),
          ...(f.params ? { params: f.params } : {}),
        })),
      };
    },
  );

  app.post(
    '/api/programs/:programId/segments/preview',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags,
        summary: 'Count the members a rule selects now, with a sample (nothing is saved)',
        params: ProgramParams,
        body: Type.Object({
          rule: Rule,
          sample: Type.Optional(Type.Integer({ minimum: 0, maximum: 50, default: 10 })),
        }),
        response: { 200: Type.Object({ count: Type.Integer(), sample: Type.Array(MemberView) }) },
      },
    },
    async (request) =>
      previewRule(deps, request.params.programId, request.body.rule, request.body.sample ?? 10),
  );

  app.get(
    '/api/programs/:programId/segments/browse',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags,
        summary:
          'The members list: active members an unsaved rule selects, with points, tier and last purchase, sorted, a page with the total',
        params: ProgramParams,
        querystring: Type.Object({
          ...BrowseQuery,
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(BrowsedMember),
            total: Type.Integer(),
            offset: Type.Integer(),
            limit: Type.Integer(),
          }),
        },
      },
    },
    async (request) =>
      browseMembers(deps, request.params.programId, {
        rule: parseRule(request.query.rule),
        sort: request.query.sort ?? 'joined',
        direction: request.query.direction ?? 'desc',
        offset: request.query.offset ?? 0,
        limit: request.query.limit ?? 25,
      }),
  );

  app.get(
    '/api/programs/:programId/segments/browse/export',
    {
      config: { auth: { permission: 'members:export' } },
      schema: {
        tags,
        summary:
          "The members list as shown (same rule and order) as CSV (UTF-8 with BOM; formula-like cells start with ')",
        params: ProgramParams,
        querystring: Type.Object(BrowseQuery),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const input = {
        rule: parseRule(request.query.rule),
        sort: request.query.sort ?? 'joined',
        direction: request.query.direction ?? 'desc',
      } as const;
      const chunks = browseCsvChunks(deps, request.params.programId, input);
      // The first chunk compiles the rule, so a bad rule is a JSON 400, not a broken download.
      const first = await chunks.next();
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="members.csv"')
        .send(
          Readable.from(
            (async function* () {
              if (!first.done) yield first.value;
              yield* chunks;
            })(),
          ),
        );
    },
  );

  app.get(
    '/api/programs/:programId/segments',
    {
      config: { auth: { permission: 'segments:read' } },
      schema: {
        tags,
        summary: 'Saved segments',
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(SegmentView) }) },
      },
    },
    async (request) => ({ items: await listSegments(db, request.params.programId) }),
  );

  app.post(
    '/api/programs/:programId/segments',
    {
      config: { auth: { permission: 'segments:write' } },
      schema: {
        tags,
        summary: 'Save a segment (the rule is checked; its membership is computed at once)',
        params: ProgramParams,
        body: Type.Object({ name: Name, description: Type.Optional(Description), rule: Rule }),
        response: { 201: SegmentView },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const created = await db.transaction().execute(async (trx) => {
        const segment = await createSegment({ ...deps, db: trx }, programId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'segment.created',
          entityType: 'segment',
          entityId: segment.id,
          after: segment,
        });
        return segment;
      });
      await refreshSegment(deps, programId, created.id);
      return reply.code(201).send(await getSegment(db, programId, created.id));
    },
  );

  app.get(
    '/api/programs/:programId/segments/:segmentId',
    {
      config: { auth: { permission: 'segments:read' } },
      schema: { tags, summary: 'One saved segment', params: SegmentParams, response: { 200: SegmentView } },
    },
    async (request) => getSegment(db, request.params.programId, request.params.segmentId),
  );

  app.patch(
    '/api/programs/:programId/segments/:segmentId',
    {
      config: { auth: { permission: 'segments:write' } },
      schema: {
        tags,
        summary: 'Rename or change a segment (a new rule is checked and applied at the next refresh)',
        params: SegmentParams,
        body: Type.Object({
          name: Type.Optional(Name),
          description: Type.Optional(Description),
          rule: Type.Optional(Rule),
        }),
        response: { 200: SegmentView },
      },
    },
    async (request) => {
      const { programId, segmentId } = request.params;
      return db.transaction().execute(async (trx) => {
        const before = await getSegment(trx, programId, segmentId);
        const after = await updateSegment({ ...deps, db: trx }, programId, segmentId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'segment.updated',
          entityType: 'segment',
          entityId: segmentId,
          before,
          after,
        });
        return after;
      });
    },
  );

  app.delete(
    '/api/programs/:programId/segments/:segmentId',
    {
      config: { auth: { permission: 'segments:write' } },
      schema: {
        tags,
        summary: 'Delete a saved segment',
        params: SegmentParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId, segmentId } = request.params;
      await db.transaction().execute(async (trx) => {
        await deleteSegment({ ...deps, db: trx }, programId, segmentId);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'segment.deleted',
          entityType: 'segment',
          entityId: segmentId,
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/programs/:programId/segments/:segmentId/members',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags,
        summary: 'The members the segment selects now, newest first, a page at a time',
        params: SegmentParams,
        querystring: PageQuery,
        response: { 200: Page(MemberView) },
      },
    },
    async (request) => {
      const { programId, segmentId } = request.params;
      const segment = await getSegment(db, programId, segmentId);
      return listRuleMembers(deps, programId, segment.rule, {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      });
    },
  );

  app.get(
    '/api/programs/:programId/segments/:segmentId/export',
    {
      config: { auth: { permission: 'members:export' } },
      schema: {
        tags,
        summary:
          "The segment members as CSV (UTF-8 with BOM; cells that a spreadsheet would run as a formula start with ')",
        params: SegmentParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { programId, segmentId } = request.params;
      await getSegment(db, programId, segmentId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="segment-${segmentId}.csv"`)
        .send(Readable.from(segmentCsvChunks(deps, programId, segmentId)));
    },
  );

  app.post(
    '/api/programs/:programId/segments/:segmentId/refresh',
    {
      config: { auth: { permission: 'segments:write' } },
      schema: {
        tags,
        summary: 'Recompute the membership now (entered/left events for the difference)',
        params: SegmentParams,
        response: { 200: RefreshView },
      },
    },
    async (request) => refreshSegment(deps, request.params.programId, request.params.segmentId),
  );

  app.get(
    '/api/programs/:programId/segments/:segmentId/sizes',
    {
      config: { auth: { permission: 'segments:read' } },
      schema: {
        tags,
        summary: 'Segment size per local day (the last refresh of each day)',
        params: SegmentParams,
        querystring: Type.Object({ from: IsoDate, to: IsoDate }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ day: IsoDate, members: Type.Integer() })) }),
        },
      },
    },
    async (request) => {
      const { programId, segmentId } = request.params;
      await getSegment(db, programId, segmentId);
      return { items: await segmentSizes(db, programId, segmentId, request.query.from, request.query.to) };
    },
  );

  app.get(
    '/api/programs/:programId/segment-events',
    {
      config: { auth: { permission: 'segments:read' } },
      schema: {
        tags,
        summary: 'segment.entered / segment.left events in order (poll with afterId)',
        params: ProgramParams,
        querystring: Type.Object({
          segmentId: Type.Optional(Uuid),
          afterId: Type.Optional(Type.Integer({ minimum: 0 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                segmentId: Uuid,
                memberId: Uuid,
                type: Type.String(),
                occurredAt: IsoDateTime,
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await listSegmentEvents(db, request.params.programId, {
        segmentId: request.query.segmentId,
        afterId: request.query.afterId,
        limit: request.query.limit ?? 100,
      }),
    }),
  );
}
