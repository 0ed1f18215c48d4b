// Campaign drafts and the live audience count. Thin: parse, authorise, call the service, reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../platform/http/schemas.ts';
import type { SegmentFieldRegistry } from '../segments/index.ts';
import { previewCampaign } from './preview.ts';
import { countAudience } from './recipients.ts';
import {
  AudienceCountBody,
  AudienceCountView,
  CampaignInput,
  CampaignParams,
  CampaignPatch,
  CampaignView,
  PreviewQuery,
  PreviewView,
  ProgramParams,
} from './schemas.ts';
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign } from './service.ts';

export interface CampaignRouteOptions {
  fields: SegmentFieldRegistry;
}

export async function campaignRoutes(fastify: FastifyInstance, options: CampaignRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['campaigns'];
  const read = { auth: { permission: 'messaging:read' } } as const;
  const write = { auth: { permission: 'messaging:write' } } as const;

  app.post(
    '/api/programs/:programId/campaigns',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a campaign draft',
        params: ProgramParams,
        body: CampaignInput,
        response: { 201: CampaignView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createCampaign(db, clock, request.params.programId, request.body)),
  );

  app.get(
    '/api/programs/:programId/campaigns',
    {
      config: read,
      schema: {
        tags,
        summary: 'Campaigns, newest first, with their state and progress',
        params: ProgramParams,
        querystring: PageQuery,
        response: { 200: Page(CampaignView) },
      },
    },
    async (request) =>
      listCampaigns(db, request.params.programId, {
        limit: request.query.limit ?? 50,
        ...(request.query.cursor !== undefined ? { cursor: request.query.cursor } : {}),
      }),
  );

  app.get(
    '/api/programs/:programId/campaigns/:campaignId',
    {
      config: read,
      schema: { tags, summary: 'One campaign', params: CampaignParams, response: { 200: CampaignView } },
    },
    async (request) => getCampaign(db, request.params.programId, request.params.campaignId),
  );

  app.patch(
    '/api/programs/:programId/campaigns/:campaignId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a draft (409 campaign_not_draft once launched)',
        params: CampaignParams,
        body: CampaignPatch,
        response: { 200: CampaignView },
      },
    },
    async (request) =>
      updateCampaign(db, clock, request.params.programId, request.params.campaignId, request.body),
  );

  app.delete(
    '/api/programs/:programId/campaigns/:campaignId',
    {
      config: write,
      schema: { tags, summary: 'Delete a draft', params: CampaignParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await deleteCampaign(db, clock, request.params.programId, request.params.campaignId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/programs/:programId/campaigns/audience-count',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Count an audience now: lists and segments minus exclusions; who could not be sent to and why',
        params: ProgramParams,
        body: AudienceCountBody,
        response: { 200: AudienceCountView },
      },
    },
    async (request) => {
      const a = request.body.audience;
      return countAudience(
        { db, clock, fields: options.fields },
        request.params.programId,
        request.body.channel,
        {
          lists: a.lists ?? [],
          segments: a.segments ?? [],
          excludeLists: a.excludeLists ?? [],
          excludeSegments: a.excludeSegments ?? [],
        },
      );
    },
  );

  app.get(
    '/api/programs/:programId/campaigns/:campaignId/preview',
    {
      config: read,
      schema: {
        tags,
        summary: 'Review before sending: what launching the draft would do now, by outcome and reason',
        description:
          'Its audience as the launch would record it, the contact-pressure policy asked at the send time with ' +
          'the campaign’s defer or drop, the A/B split and a sample of recipients per outcome. Changes nothing. ' +
          'Errors: campaign_not_found, campaign_not_draft (409: read its accounting instead).',
        params: CampaignParams,
        querystring: PreviewQuery,
        response: { 200: PreviewView },
      },
    },
    async (request) =>
      previewCampaign(
        { db, clock, fields: options.fields },
        request.params.programId,
        request.params.campaignId,
        { sample: request.query.sample ?? 5 },
      ),
  );
}
