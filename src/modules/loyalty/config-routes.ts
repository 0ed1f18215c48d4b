import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ProgramParams, Uuid } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import {
  createEarningRule,
  deleteEarningRule,
  getEarningRule,
  listEarningRules,
  updateEarningRule,
} from './earning-rules.ts';
import { listLoyaltyEvents } from './outbox.ts';
import { getLoyaltySettings, listTiers, replaceTiers, updateLoyaltySettings } from './program-settings.ts';
import { dryRunPurchase } from './purchases.ts';
import {
  DryRunBody,
  DryRunView,
  EventView,
  RuleBody,
  RuleParams,
  RulePatch,
  RuleView,
  SettingsFields,
  SettingsPatch,
  TierSchema,
} from './schemas.ts';

export async function loyaltyConfigRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const rules = '/api/programs/:programId/earning-rules';
  const read = { auth: { permission: 'loyalty:read' as const } };
  const write = { auth: { permission: 'loyalty:write' as const } };

  app.get(
    rules,
    {
      config: read,
      schema: {
        tags: ['loyalty'],
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(RuleView) }) },
      },
    },
    async (request) => ({ items: await listEarningRules(db, request.params.programId) }),
  );
  app.post(
    rules,
    {
      config: write,
      schema: {
        tags: ['loyalty'],
        summary: 'Create an earning rule',
        params: ProgramParams,
        body: RuleBody,
        response: { 201: RuleView },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createEarningRule(db, clock, actorOf(request), request.params.programId, request.body)),
  );
  app.post(
    `${rules}/dry-run`,
    {
      config: read,
      schema: {
        tags: ['loyalty'],
        summary: 'What would this purchase earn? Explains every rule; writes nothing',
        params: ProgramParams,
        body: DryRunBody,
        response: {
          200: DryRunView,
        },
      },
    },
    async (request) => dryRunPurchase(db, clock, request.params.programId, request.body),
  );
  app.get(
    `${rules}/:ruleId`,
    { config: read, schema: { tags: ['loyalty'], params: RuleParams, response: { 200: RuleView } } },
    async (request) => getEarningRule(db, request.params.programId, request.params.ruleId),
  );
  app.patch(
    `${rules}/:ruleId`,
    {
      config: write,
      schema: { tags: ['loyalty'], params: RuleParams, body: RulePatch, response: { 200: RuleView } },
    },
    async (request) =>
      updateEarningRule(
        db,
        clock,
        actorOf(request),
        request.params.programId,
        request.params.ruleId,
        request.body,
      ),
  );
  app.delete(
    `${rules}/:ruleId`,
    { config: write, schema: { tags: ['loyalty'], params: RuleParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteEarningRule(db, clock, actorOf(request), request.params.programId, request.params.ruleId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/programs/:programId/loyalty-settings',
    { config: read, schema: { tags: ['loyalty'], params: ProgramParams, response: { 200: SettingsFields } } },
    async (request) => getLoyaltySettings(db, request.params.programId),
  );
  app.patch(
    '/api/programs/:programId/loyalty-settings',
    {
      config: write,
      schema: {
        tags: ['loyalty'],
        params: ProgramParams,
        body: SettingsPatch,
        response: { 200: SettingsFields },
      },
    },
    async (request) =>
      updateLoyaltySettings(db, clock, actorOf(request), request.params.programId, request.body),
  );

  app.get(
    '/api/programs/:programId/tiers',
    {
      config: read,
      schema: {
        tags: ['loyalty'],
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(TierSchema) }) },
      },
    },
    async (request) => ({ items: await listTiers(db, request.params.programId) }),
  );
  app.put(
    '/api/programs/:programId/tiers',
    {
      config: write,
      schema: {
        tags: ['loyalty'],
        summary: 'Replace the tier ladder',
        params: ProgramParams,
        body: Type.Object({ items: Type.Array(TierSchema, { minItems: 1, maxItems: 20 }) }),
        response: { 200: Type.Object({ items: Type.Array(TierSchema) }) },
      },
    },
    async (request) => ({
      items: await replaceTiers(db, clock, actorOf(request), request.params.programId, request.body.items),
    }),
  );

  app.get(
    '/api/programs/:programId/loyalty-events',
    {
      config: read,
      schema: {
        tags: ['loyalty'],
        summary: 'Loyalty domain events (tier changes, expiry warnings) in order',
        params: ProgramParams,
        querystring: Type.Object({
          afterId: Type.Optional(Type.Integer({ minimum: 0 })),
          memberId: Type.Optional(Uuid),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(EventView) }) },
      },
    },
    async (request) => ({
      items: await listLoyaltyEvents(db, request.params.programId, {
        ...(request.query.afterId !== undefined ? { afterId: request.query.afterId } : {}),
        ...(request.query.memberId ? { memberId: request.query.memberId } : {}),
        limit: request.query.limit ?? 100,
      }),
    }),
  );
}
