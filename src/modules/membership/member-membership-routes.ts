// Admin API for a member's lists, tags, consent records and events (the lists themselves: lists-routes.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../platform/http/errors.ts';
import { ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';
import { principalId } from '../auth/index.ts';
import { getMember } from '../members/index.ts';
import { consentHistory, currentConsents, recordConsent } from './consent.ts';
import { listMemberEvents } from './events.ts';
import { memberLists } from './lists.ts';
import { addMemberTags, memberTags, removeMemberTag, tagCounts } from './tags.ts';
import {
  ConsentChannel,
  ConsentPurpose,
  ConsentRecordView,
  ConsentStatus,
  CurrentConsentView,
  MemberEventView,
  MemberListView,
} from './schemas.ts';

const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid });
const Tag = Type.String({ minLength: 1, maxLength: 64 });

export async function memberMembershipRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const read = { auth: { permission: 'membership:read' as const } };
  const write = { auth: { permission: 'membership:write' as const } };
  const tags = ['membership'];

  app.get(
    '/api/programs/:programId/members/:memberId/membership',
    {
      config: read,
      schema: {
        tags,
        summary: "A member's lists, tags and current consent",
        params: MemberParams,
        response: {
          200: Type.Object({
            lists: Type.Array(MemberListView),
            tags: Type.Array(Type.String()),
            consents: Type.Array(CurrentConsentView),
          }),
        },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      await getMember(db, programId, memberId);
      return {
        lists: await memberLists(db, programId, memberId),
        tags: await memberTags(db, programId, memberId),
        consents: await currentConsents(db, programId, memberId),
      };
    },
  );

  app.get(
    '/api/programs/:programId/tags',
    {
      config: read,
      schema: {
        tags,
        params: ProgramParams,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ tag: Type.String(), members: Type.Integer() })),
          }),
        },
      },
    },
    async (request) => ({ items: await tagCounts(db, request.params.programId) }),
  );

  app.post(
    '/api/programs/:programId/members/:memberId/tags',
    {
      config: write,
      schema: {
        tags,
        params: MemberParams,
        body: Type.Object({ tags: Type.Array(Tag, { minItems: 1, maxItems: 50 }) }),
        response: { 200: Type.Object({ tags: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      return db.transaction().execute(async (trx) => {
        await getMember(trx, programId, memberId);
        const result = await addMemberTags(trx, clock, programId, memberId, request.body.tags);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'member.tagged',
          entityType: 'member',
          entityId: memberId,
          after: { tags: request.body.tags },
        });
        return { tags: result };
      });
    },
  );

  app.delete(
    '/api/programs/:programId/members/:memberId/tags/:tag',
    {
      config: write,
      schema: {
        tags,
        params: Type.Object({ programId: Uuid, memberId: Uuid, tag: Tag }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId, memberId, tag } = request.params;
      await db.transaction().execute(async (trx) => {
        if (!(await removeMemberTag(trx, programId, memberId, tag))) throw notFound('tag', tag);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'member.untagged',
          entityType: 'member',
          entityId: memberId,
          before: { tag },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/programs/:programId/members/:memberId/consents',
    {
      config: read,
      schema: {
        tags,
        summary: 'Current consent and the full, never-overwritten history (the proof)',
        params: MemberParams,
        response: {
          200: Type.Object({
            current: Type.Array(CurrentConsentView),
            history: Type.Array(ConsentRecordView),
          }),
        },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      await getMember(db, programId, memberId);
      return {
        current: await currentConsents(db, programId, memberId),
        history: await consentHistory(db, programId, memberId),
      };
    },
  );

  app.post(
    '/api/programs/:programId/members/:memberId/consents',
    {
      config: write,
      schema: {
        tags,
        summary: 'Record consent given or withdrawn elsewhere (POS, phone, paper, your own site)',
        params: MemberParams,
        body: Type.Object({
          channel: ConsentChannel,
          purpose: ConsentPurpose,
          status: ConsentStatus,
          source: Type.Optional(StringEnum(['api', 'pos', 'import', 'admin'] as const)),
          sourceRef: Type.Optional(Type.String({ maxLength: 200 })),
          textShown: Type.Optional(Type.String({ maxLength: 5000 })),
          locale: Type.Optional(Type.String({ maxLength: 10 })),
          ip: Type.Optional(Type.String({ maxLength: 64 })),
          userAgent: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: { 201: ConsentRecordView },
      },
    },
    async (request, reply) => {
      const { programId, memberId } = request.params;
      const body = request.body;
      const record = await db.transaction().execute(async (trx) => {
        await getMember(trx, programId, memberId);
        const created = await recordConsent(trx, clock, {
          programId,
          memberId,
          ...body,
          source: body.source ?? (request.principal?.kind === 'api_key' ? 'api' : 'admin'),
          recordedBy: principalId(request.principal),
        });
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: `consent.${body.status}`,
          entityType: 'member',
          entityId: memberId,
          after: created,
        });
        return created;
      });
      return reply.code(201).send(record);
    },
  );

  app.get(
    '/api/programs/:programId/member-events',
    {
      config: read,
      schema: {
        tags,
        summary: 'Member events (member.joined, …) in order; pass the last id seen as afterId',
        params: ProgramParams,
        querystring: Type.Object({
          type: Type.Optional(Type.String({ maxLength: 64 })),
          memberId: Type.Optional(Uuid),
          afterId: Type.Optional(Type.Integer({ minimum: 0 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(MemberEventView) }) },
      },
    },
    async (request) => ({ items: await listMemberEvents(db, request.params.programId, request.query) }),
  );
}
