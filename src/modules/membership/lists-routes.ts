// Admin API for mailing lists and their subscribers (a member's lists, tags, consents and events:
// member-membership-routes.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../platform/http/errors.ts';
import { Page, ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';

import { getMember, membersByIds } from '../members/index.ts';

import {
  archiveList,
  createList,
  getList,
  listLists,
  listSubscribers,
  subscribeToLists,
  unsubscribeFromLists,
  updateList,
} from './lists.ts';
import { ListView } from './schemas.ts';

const ListParams = Type.Object({ programId: Uuid, listId: Uuid });
const ListFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  showInPreferences: Type.Optional(
    Type.Boolean({ description: 'Offer this list as a topic in the preference centre' }),
  ),
};

export async function listRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const read = { auth: { permission: 'membership:read' as const } };
  const write = { auth: { permission: 'membership:write' as const } };
  const tags = ['membership'];

  app.get(
    '/api/programs/:programId/lists',
    {
      config: read,
      schema: {
        tags,
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(ListView) }) },
      },
    },
    async (request) => ({ items: await listLists(db, request.params.programId) }),
  );

  app.post(
    '/api/programs/:programId/lists',
    {
      config: write,
      schema: { tags, params: ProgramParams, body: Type.Object(ListFields), response: { 201: ListView } },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const list = await db.transaction().execute(async (trx) => {
        const created = await createList(trx, clock, programId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'list.created',
          entityType: 'list',
          entityId: created.id,
          after: created,
        });
        return created;
      });
      return reply.code(201).send(list);
    },
  );

  app.get(
    '/api/programs/:programId/lists/:listId',
    { config: read, schema: { tags, params: ListParams, response: { 200: ListView } } },
    async (request) => getList(db, request.params.programId, request.params.listId),
  );

  app.patch(
    '/api/programs/:programId/lists/:listId',
    {
      config: write,
      schema: {
        tags,
        params: ListParams,
        body: Type.Object({ ...ListFields, name: Type.Optional(ListFields.name) }, { minProperties: 1 }),
        response: { 200: ListView },
      },
    },
    async (request) => {
      const { programId, listId } = request.params;
      return db.transaction().execute(async (trx) => {
        const before = await getList(trx, programId, listId);
        const after = await updateList(trx, clock, programId, listId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'list.updated',
          entityType: 'list',
          entityId: listId,
          before,
          after,
        });
        return after;
      });
    },
  );

  app.delete(
    '/api/programs/:programId/lists/:listId',
    {
      config: write,
      schema: { tags, summary: 'Archive a list', params: ListParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const { programId, listId } = request.params;
      await db.transaction().execute(async (trx) => {
        await archiveList(trx, clock, programId, listId);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'list.archived',
          entityType: 'list',
          entityId: listId,
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/programs/:programId/lists/:listId/members',
    {
      config: read,
      schema: {
        tags,
        params: ListParams,
        querystring: Type.Object({
          status: Type.Optional(StringEnum(['subscribed', 'unsubscribed'] as const)),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          cursor: Type.Optional(Uuid),
        }),
        response: {
          200: Page(
            Type.Object({
              memberId: Uuid,
              status: Type.String(),
              source: Type.String(),
              subscribedAt: Type.Unknown(),
              unsubscribedAt: Type.Unknown(),
              member: Type.Union(
                [
                  Type.Object({
                    firstName: Type.Union([Type.String(), Type.Null()]),
                    lastName: Type.Union([Type.String(), Type.Null()]),
                    email: Type.Union([Type.String(), Type.Null()]),
                    phone: Type.Union([Type.String(), Type.Null()]),
                  }),
                  Type.Null(),
                ],
                { description: 'Who the member is (null once deleted)' },
              ),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { programId, listId } = request.params;
      const page = await listSubscribers(db, programId, listId, {
        ...request.query,
        afterMemberId: request.query.cursor,
      });
      const members = await membersByIds(
        db,
        programId,
        page.items.map((i) => i.memberId),
      );
      return {
        ...page,
        items: page.items.map((item) => {
          const m = members.get(item.memberId);
          const member = m
            ? { firstName: m.firstName, lastName: m.lastName, email: m.email, phone: m.phone }
            : null;
          return { ...item, member };
        }),
      };
    },
  );

  app.post(
    '/api/programs/:programId/lists/:listId/members',
    {
      config: write,
      schema: {
        tags,
        summary: 'Add members to a list (consent is recorded separately)',
        params: ListParams,
        body: Type.Object({
          memberIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000, uniqueItems: true }),
        }),
        response: { 200: Type.Object({ added: Type.Integer() }) },
      },
    },
    async (request) => {
      const { programId, listId } = request.params;
      return db.transaction().execute(async (trx) => {
        await getList(trx, programId, listId);
        let added = 0;
        for (const memberId of request.body.memberIds) {
          await getMember(trx, programId, memberId);
          const source = request.principal?.kind === 'api_key' ? 'api' : 'admin';
          added += (await subscribeToLists(trx, clock, { programId, memberId, listIds: [listId], source }))
            .length;
        }
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'list.members_added',
          entityType: 'list',
          entityId: listId,
          after: { memberIds: request.body.memberIds },
        });
        return { added };
      });
    },
  );

  app.delete(
    '/api/programs/:programId/lists/:listId/members/:memberId',
    {
      config: write,
      schema: {
        tags,
        params: Type.Object({ programId: Uuid, listId: Uuid, memberId: Uuid }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId, listId, memberId } = request.params;
      await db.transaction().execute(async (trx) => {
        await getList(trx, programId, listId);
        const n = await unsubscribeFromLists(trx, clock, { programId, memberId, listIds: [listId] });
        if (n === 0) throw notFound('list_member', memberId);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'list.member_removed',
          entityType: 'list',
          entityId: listId,
          after: { memberId },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
