// Launch, pause, resume, cancel, the A/B winner by hand, the accounting and a member's "why not sent". Thin:
// parse, authorise, call the service, reply. Every write honours Idempotency-Key (platform/http/idempotency.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actorOf } from '../audit/index.ts';
import { campaignAccounting, memberCampaignHistory } from './accounting.ts';
import {
  cancelCampaign,
  launchCampaign,
  pauseCampaign,
  pickCampaignWinner,
  resumeCampaign,
} from './control.ts';
import {
  AccountingView,
  CampaignParams,
  CampaignView,
  MemberCampaignMessageView,
  MemberMessagesQuery,
  MemberParams,
  WinnerBody,
} from './schemas.ts';

export async function campaignControlRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['campaigns'];
  const read = { auth: { permission: 'messaging:read' } } as const;
  const write = { auth: { permission: 'messaging:write' } } as const;
  const action = (summary: string) => ({
    config: write,
    schema: { tags, summary, params: CampaignParams, response: { 200: CampaignView } },
  });

  app.post(
    '/api/programs/:programId/campaigns/:campaignId/launch',
    action('Launch a draft: now or at its schedule (409 invalid_campaign_state otherwise)'),
    async (request) => {
      const actor = actorOf(request);
      return launchCampaign(db, clock, {
        ...request.params,
        actor: actor.id ? `${actor.type}:${actor.id}` : actor.type,
      });
    },
  );

  app.post(
    '/api/programs/:programId/campaigns/:campaignId/pause',
    action('Pause: no new message is claimed; those in flight finish'),
    async (request) => pauseCampaign(db, clock, request.params.programId, request.params.campaignId),
  );

  app.post(
    '/api/programs/:programId/campaigns/:campaignId/resume',
    action('Resume a paused campaign'),
    async (request) => resumeCampaign(db, clock, request.params.programId, request.params.campaignId),
  );

  app.post(
    '/api/programs/:programId/campaigns/:campaignId/cancel',
    action('Cancel: every message not yet sent is skipped with reason "cancelled"'),
    async (request) => cancelCampaign(db, clock, request.params.programId, request.params.campaignId),
  );

  app.post(
    '/api/programs/:programId/campaigns/:campaignId/winner',
    {
      config: write,
      schema: {
        tags,
        summary: 'Pick the A/B winner by hand: the rest of the audience gets this variant',
        params: CampaignParams,
        body: WinnerBody,
        response: { 200: CampaignView },
      },
    },
    async (request) => pickCampaignWinner(db, clock, { ...request.params, variant: request.body.variant }),
  );

  app.get(
    '/api/programs/:programId/campaigns/:campaignId/accounting',
    {
      config: read,
      schema: {
        tags,
        summary: 'Where every message went: by status, reason and variant; adds up to the audience',
        params: CampaignParams,
        response: { 200: AccountingView },
      },
    },
    async (request) => campaignAccounting(db, request.params.programId, request.params.campaignId),
  );

  app.get(
    '/api/programs/:programId/members/:memberId/campaign-messages',
    {
      config: read,
      schema: {
        tags,
        summary: "A member's campaign messages, newest first; notSent=true: why not sent",
        params: MemberParams,
        querystring: MemberMessagesQuery,
        response: { 200: Type.Object({ items: Type.Array(MemberCampaignMessageView) }) },
      },
    },
    async (request) => ({
      items: await memberCampaignHistory(db, request.params.programId, request.params.memberId, {
        notSentOnly: request.query.notSent ?? false,
        limit: request.query.limit ?? 50,
      }),
    }),
  );
}
