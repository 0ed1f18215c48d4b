import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { AppError, notFound } from '../../platform/http/errors.ts';
import {
  IsoDate,
  IsoDateTime,
  Locale,
  Page,
  ProgramParams,
  StringEnum,
  Uuid,
} from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { findMemberByIdentity, getMember, listMembers } from './member-reads.ts';
import { mergeMembers } from './merge.ts';
import { createMember, deleteMember, updateMember } from './service.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const MemberFields = {
  externalId: Type.Optional(
    Nullable(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Your id for this customer (shop, POS, CRM)',
      }),
    ),
  ),
  email: Type.Optional(
    Nullable(
      Type.String({ maxLength: 254, description: 'Trimmed and lower-cased; unique among active members' }),
    ),
  ),
  phone: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 40,
        description: "Stored as E.164; local numbers are read in the program's default region",
      }),
    ),
  ),
  firstName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  lastName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  birthday: Type.Optional(Nullable(IsoDate)),
  anniversary: Type.Optional(Nullable(IsoDate)),
  locale: Type.Optional(Nullable(Locale)),
  timeZone: Type.Optional(
    Nullable(Type.String({ maxLength: 64, description: 'IANA name, e.g. Asia/Jerusalem' })),
  ),
  referredBy: Type.Optional(Nullable(Uuid)),
  attributes: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
      maxProperties: 200,
      description: "Custom attributes, checked against the program's memberAttributeSchema",
    }),
  ),
};

const CreateMemberBody = Type.Object(MemberFields, {
  description: 'At least one of externalId, email or phone is required',
});

const UpdateMemberBody = Type.Object(MemberFields, {
  minProperties: 1,
  description: 'Only the fields sent change; null clears a field. attributes are merged (null removes one).',
});

const MemberView = Type.Object(
  {
    id: Uuid,
    programId: Uuid,
    externalId: Nullable(Type.String()),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String({ description: 'E.164' })),
    firstName: Nullable(Type.String()),
    lastName: Nullable(Type.String()),
    birthday: Nullable(IsoDate),
    anniversary: Nullable(IsoDate),
    locale: Nullable(Type.String()),
    timeZone: Nullable(Type.String()),
    attributes: Type.Record(Type.String(), Type.Unknown()),
    status: StringEnum(['active', 'deleted', 'anonymized'] as const),
    source: Type.String(),
    referredBy: Nullable(Uuid),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { description: 'A member of the club' },
);

const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid });

const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Search: name or e-mail (every word must match), phone digits (local or international), or exact external id',
    }),
  ),
});

const LookupQuery = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 254 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    externalId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { description: 'Exactly one of email, phone, externalId' },
);

const sourceOf = (request: FastifyRequest) => (request.principal?.kind === 'user' ? 'admin' : 'api');

export async function memberRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, modules } = app.ctx;

  app.get(
    '/api/programs/:programId/members',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags: ['members'],
        summary: 'List members, newest first, optionally searched',
        description: 'Errors: validation_failed, invalid_cursor.',
        params: ProgramParams,
        querystring: ListQuery,
        response: { 200: Page(MemberView) },
      },
    },
    async (request) =>
      listMembers(db, request.params.programId, { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get(
    '/api/programs/:programId/members/lookup',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags: ['members'],
        summary: 'Find one member by e-mail, phone or external id (for POS and shops)',
        description:
          'Errors: validation_failed (not exactly one identity), invalid_email, invalid_phone, ' +
          'member_not_found, member_ambiguous (several members share the phone).',
        params: ProgramParams,
        querystring: LookupQuery,
        response: { 200: MemberView },
      },
    },
    async (request) => {
      const given = Object.entries(request.query).filter(([, v]) => v !== undefined && v !== '');
      if (given.length !== 1) {
        throw new AppError('validation_failed', 400, 'Give exactly one of email, phone or externalId', {
          issues: [{ path: 'querystring', problem: 'exactly one of email, phone, externalId' }],
        });
      }
      const member = await findMemberByIdentity(db, request.params.programId, request.query);
      if (!member) throw notFound('member', undefined);
      return member;
    },
  );

  app.post(
    '/api/programs/:programId/members',
    {
      config: { auth: { permission: 'members:write' } },
      schema: {
        tags: ['members'],
        summary: 'Create a member',
        description:
          'Errors: validation_failed, invalid_email, invalid_phone, invalid_date, invalid_time_zone, ' +
          'invalid_name, invalid_attributes, member_identity_required, member_exists (details.existingId), ' +
          'referrer_not_found, idempotency_key_reused.',
        params: ProgramParams,
        body: CreateMemberBody,
        response: { 201: MemberView },
      },
    },
    async (request, reply) => {
      const member = await createMember(db, clock, actorOf(request), request.params.programId, {
        ...request.body,
        source: sourceOf(request),
      });
      return reply.code(201).send(member);
    },
  );

  app.get(
    '/api/programs/:programId/members/:memberId',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags: ['members'],
        summary: 'One member',
        params: MemberParams,
        response: { 200: MemberView },
      },
    },
    async (request) => getMember(db, request.params.programId, request.params.memberId),
  );

  app.patch(
    '/api/programs/:programId/members/:memberId',
    {
      config: { auth: { permission: 'members:write' } },
      schema: {
        tags: ['members'],
        summary: 'Change a member',
        description:
          'Errors: member_not_found, validation_failed, invalid_email, invalid_phone, invalid_date, ' +
          'invalid_time_zone, invalid_name, invalid_attributes, member_identity_required, member_exists, ' +
          'referrer_not_found.',
        params: MemberParams,
        body: UpdateMemberBody,
        response: { 200: MemberView },
      },
    },
    async (request) =>
      updateMember(
        db,
        clock,
        actorOf(request),
        request.params.programId,
        request.params.memberId,
        request.body,
      ),
  );

  app.delete(
    '/api/programs/:programId/members/:memberId',
    {
      config: { auth: { permission: 'members:delete' } },
      schema: {
        tags: ['members'],
        summary: 'Delete a member (soft: frees its external id and e-mail; history is kept)',
        description: 'Errors: member_not_found.',
        params: MemberParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteMember(db, clock, actorOf(request), request.params.programId, request.params.memberId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/programs/:programId/members/:memberId/merge',
    {
      config: { auth: { permission: 'members:delete' } },
      schema: {
        tags: ['members'],
        summary: 'Merge a duplicate into this member (two profiles of one person)',
        description:
          'This member keeps its profile (fields it lacks are taken from the duplicate); the points ledger, lots, ' +
          'purchases, coupons, consents, lists, tags, events and messages of the duplicate move to it in one ' +
          'transaction, and the duplicate is deleted (merged_into points here). Repeating a merge that happened ' +
          'answers alreadyMerged: true. Errors: member_not_found (details.field duplicateId for the duplicate), ' +
          'merge_same_member, validation_failed, idempotency_key_reused.',
        params: MemberParams,
        body: Type.Object({ duplicateId: Uuid }, { additionalProperties: false }),
        response: {
          200: Type.Object({ member: MemberView, mergedId: Uuid, alreadyMerged: Type.Boolean() }),
        },
      },
    },
    async (request) =>
      mergeMembers(db, clock, modules, actorOf(request), request.params.programId, {
        intoId: request.params.memberId,
        fromId: request.body.duplicateId,
      }),
  );
}
