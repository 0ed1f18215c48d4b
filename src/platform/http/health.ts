import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isReachable } from '../db/database.ts';

const Status = Type.Object({ status: Type.String() });

export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/healthz',
    {
      config: { auth: { public: true } },
      schema: { tags: ['operations'], summary: 'Liveness', response: { 200: Status } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers',
        response: { 200: Status, 503: Status },
      },
    },
    async (_request, reply) => {
      if (await isReachable(app.ctx.db)) return { status: 'ready' };
      return reply.code(503).send({ status: 'database unreachable' });
    },
  );
}
