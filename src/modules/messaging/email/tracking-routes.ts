// Public tracking endpoints, all under /t/: the open pixel and the click redirect. No session, no cookie; a
// token that is not one we signed gets 404 and never a redirect.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../../platform/http/errors.ts';
import { getSigningSecret } from '../../../platform/secret.ts';
import { recordEngagement } from './engagement.ts';
import { readTrackingToken, TRACKING_PREFIX } from './tracking.ts';

// A transparent 1×1 GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
// At most the router's maxParamLength (platform/http/app.ts): a longer one would not reach the route at all.
const TokenParams = Type.Object({ token: Type.String({ maxLength: 1000 }) });

export async function trackingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const secret = () => getSigningSecret(db, config.secret);
  const fetchOf = (request: { ip: string; headers: Record<string, unknown> }) => ({
    ip: request.ip,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : undefined,
  });

  app.get(
    `${TRACKING_PREFIX}/o/:token`,
    {
      config: { auth: { public: true } },
      schema: { tags: ['messaging'], summary: 'E-mail open pixel (a transparent GIF)', params: TokenParams },
    },
    async (request, reply) => {
      const token = readTrackingToken(await secret(), request.params.token);
      if (token?.kind === 'open') await recordEngagement(db, clock, token, fetchOf(request));
      // The pixel is answered either way: a broken image would tell nobody anything useful.
      return reply
        .header('content-type', 'image/gif')
        .header('cache-control', 'no-store, max-age=0')
        .send(PIXEL);
    },
  );

  app.get(
    `${TRACKING_PREFIX}/c/:token`,
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['messaging'],
        summary: 'E-mail link: records the click and redirects to the link the message carried',
        params: TokenParams,
        querystring: Type.Object({ u: Type.String({ maxLength: 8000 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const token = readTrackingToken(await secret(), request.params.token, request.query.u);
      if (token?.kind !== 'click') throw notFound('link');
      await recordEngagement(db, clock, token, fetchOf(request));
      return reply.header('cache-control', 'no-store').redirect(token.url, 302);
    },
  );
}
