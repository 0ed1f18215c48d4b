// A campaign's results: statistics per variant with intervals, the A/B verdict, holdout lift, the accounting
// of every row, the click map, and the charts' series. Thin: parse, authorise, call the service, reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { CampaignResultsView, CampaignSeriesView, ResultsQuery, SeriesQuery } from './results-schemas.ts';
import { getCampaignResults, getCampaignSeries } from './results-service.ts';
import { CampaignParams } from './schemas.ts';
import { DEFAULT_CONFIDENCE } from './stats/proportions.ts';

export async function campaignResultsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['campaigns'];
  const read = { auth: { permission: 'messaging:read' } } as const;

  app.get(
    '/api/programs/:programId/campaigns/:campaignId/results',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Results per variant and in total: rates with confidence intervals, the A/B verdict, lift against ' +
          'the holdout, revenue attributed, the accounting of every message and the click map',
        params: CampaignParams,
        querystring: ResultsQuery,
        response: { 200: CampaignResultsView },
      },
    },
    async (request) =>
      getCampaignResults(db, clock, request.params.programId, request.params.campaignId, {
        confidence: request.query.confidence ?? DEFAULT_CONFIDENCE,
      }),
  );

  app.get(
    '/api/programs/:programId/campaigns/:campaignId/results/series',
    {
      config: read,
      schema: {
        tags,
        summary: "Per variant, what happened in each local hour or day (the results page's charts)",
        params: CampaignParams,
        querystring: SeriesQuery,
        response: { 200: CampaignSeriesView },
      },
    },
    async (request) =>
      getCampaignSeries(db, clock, request.params.programId, request.params.campaignId, {
        bucket: request.query.bucket,
      }),
  );
}
