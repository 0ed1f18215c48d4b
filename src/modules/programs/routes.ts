import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { IsoDateTime, Locale, ProgramParams, Uuid } from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';
import { grantRole } from '../auth/index.ts';
import { createProgram, getProgram, listPrograms, updateProgram } from './service.ts';

export const AttributeDefinition = Type.Object({
  type: Type.Union([
    Type.Literal('string'),
    Type.Literal('integer'),
    Type.Literal('number'),
    Type.Literal('boolean'),
    Type.Literal('date'),
  ]),
  label: Type.Optional(Type.String({ maxLength: 200 })),
  required: Type.Optional(Type.Boolean()),
  enum: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  minimum: Type.Optional(Type.Number()),
  maximum: Type.Optional(Type.Number()),
});

const AttributeSchema = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), AttributeDefinition, {
  description: 'Custom member attributes: name → definition',
});

const ProgramFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  defaultLocale: Type.Optional(Locale),
  defaultRegion: Type.Optional(
    Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166 region for phone parsing' }),
  ),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  memberAttributeSchema: Type.Optional(AttributeSchema),
};

const ProgramView = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  defaultLocale: Type.String(),
  defaultRegion: Type.String(),
  currency: Type.String(),
  timeZone: Type.String(),
  memberAttributeSchema: Type.Record(Type.String(), Type.Unknown()),
  createdAt: IsoDateTime,
});

const ZONES = new Set(Intl.supportedValuesOf('timeZone'));
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function checkZoneAndCurrency(input: { timeZone?: string | undefined; currency?: string | undefined }) {
  if (input.timeZone !== undefined && !ZONES.has(input.timeZone) && input.timeZone !== 'UTC') {
    throw new AppError(
      'invalid_time_zone',
      400,
      `Unknown time zone "${input.timeZone}" (use an IANA name like Asia/Jerusalem)`,
    );
  }
  if (input.currency !== undefined && !CURRENCIES.has(input.currency)) {
    throw new AppError(
      'invalid_currency',
      400,
      `Unknown currency "${input.currency}" (use ISO 4217, e.g. ILS)`,
    );
  }
}

export async function programRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  app.get(
    '/api/programs',
    {
      config: { auth: { signedIn: true } },
      schema: {
        tags: ['programs'],
        summary: 'Programs you have a role in',
        response: { 200: Type.Object({ items: Type.Array(ProgramView) }) },
      },
    },
    async (request) => {
      const p = request.principal;
      const ids = p?.kind === 'user' ? [...p.roles.keys()] : [];
      return { items: await listPrograms(db, ids) };
    },
  );

  app.post(
    '/api/programs',
    {
      config: { auth: { userRight: 'programs:create' } },
      schema: {
        tags: ['programs'],
        summary: 'Create a program (club); you become its owner',
        body: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }), ...ProgramFields }),
        response: { 201: ProgramView },
      },
    },
    async (request, reply) => {
      checkZoneAndCurrency(request.body);
      const p = request.principal;
      if (p?.kind !== 'user') throw new AppError('forbidden', 403, 'Only admin users create programs');
      const existing = await db
        .selectFrom('programs')
        .select('id')
        .where('slug', '=', request.body.slug)
        .executeTakeFirst();
      if (existing) {
        throw new AppError('program_slug_taken', 409, `A program with slug "${request.body.slug}" exists`, {
          existingId: existing.id,
        });
      }
      const program = await db.transaction().execute(async (trx) => {
        const created = await createProgram(trx, request.body);
        await grantRole(trx, created.id, p.userId, 'owner');
        await recordAudit(trx, clock, actorOf(request), {
          programId: created.id,
          action: 'program.created',
          entityType: 'program',
          entityId: created.id,
          after: created,
        });
        return created;
      });
      return reply.code(201).send(program);
    },
  );

  app.get(
    '/api/programs/:programId',
    {
      // The club's name, currency and settings: nothing of one partner's that another may not see.
      config: { auth: { permission: 'program:read', partner: 'scoped' } },
      schema: { tags: ['programs'], params: ProgramParams, response: { 200: ProgramView } },
    },
    async (request) => getProgram(db, request.params.programId),
  );

  app.patch(
    '/api/programs/:programId',
    {
      config: { auth: { permission: 'program:write' } },
      schema: {
        tags: ['programs'],
        params: ProgramParams,
        body: Type.Object(
          { ...ProgramFields, name: Type.Optional(ProgramFields.name) },
          { minProperties: 1 },
        ),
        response: { 200: ProgramView },
      },
    },
    async (request) => {
      checkZoneAndCurrency(request.body);
      return updateProgram(db, clock, actorOf(request), request.params.programId, request.body);
    },
  );
}
