// Admin API of the automatic-reward rules: list, create, read, replace, disable, and what a rule gave. Writes
// honour Idempotency-Key (the platform's plugin).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ProgramParams } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { RuleBody, RuleIssueView, RuleParams, RuleView } from './rule-schemas.ts';
import {
  createRewardRule,
  disableRewardRule,
  getRewardRule,
  listRewardRules,
  listRuleIssues,
  updateRewardRule,
} from './rules.ts';

export async function rewardRuleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const base = '/api/programs/:programId/reward-rules';
  const tags = ['rewards'];
  const read = { auth: { permission: 'rewards:read' as const } };
  const write = { auth: { permission: 'rewards:write' as const } };

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: 'Automatic-reward rules, oldest first, with how many coupons each gave',
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(RuleView) }) },
      },
    },
    async (request) => ({ items: await listRewardRules(db, request.params.programId) }),
  );

  app.post(
    base,
    {
      config: write,
      schema: {
        tags,
        summary: 'Add an automatic-reward rule',
        description:
          'Each rule gives its reward once per member (a birthday rule once per member per local year), also ' +
          'when events repeat or dispatchers race: the key (rule, member, period) is unique in the database. ' +
          'It applies from the next event of each member; it does not sweep existing members, except birthday ' +
          'rules, whose daily sweep covers the current month. Honours Idempotency-Key.',
        params: ProgramParams,
        body: RuleBody,
        response: { 201: RuleView },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createRewardRule(db, clock, actorOf(request), request.params.programId, request.body)),
  );

  app.get(
    `${base}/:ruleId`,
    { config: read, schema: { tags, params: RuleParams, response: { 200: RuleView } } },
    async (request) => getRewardRule(db, request.params.programId, request.params.ruleId),
  );

  app.put(
    `${base}/:ruleId`,
    {
      config: write,
      schema: {
        tags,
        summary: "Replace a rule's definition (what it gave stays given). Honours Idempotency-Key.",
        params: RuleParams,
        body: RuleBody,
        response: { 200: RuleView },
      },
    },
    async (request) =>
      updateRewardRule(
        db,
        clock,
        actorOf(request),
        request.params.programId,
        request.params.ruleId,
        request.body,
      ),
  );

  app.post(
    `${base}/:ruleId/disable`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Stop a rule (it is kept with what it gave). Honours Idempotency-Key.',
        params: RuleParams,
        response: { 200: RuleView },
      },
    },
    async (request) =>
      disableRewardRule(db, clock, actorOf(request), request.params.programId, request.params.ruleId),
  );

  app.get(
    `${base}/:ruleId/issues`,
    {
      config: read,
      schema: {
        tags,
        summary: 'What a rule gave (or skipped, with the reason), newest first',
        params: RuleParams,
        response: { 200: Type.Object({ items: Type.Array(RuleIssueView) }) },
      },
    },
    async (request) => ({
      items: await listRuleIssues(db, request.params.programId, request.params.ruleId),
    }),
  );
}
