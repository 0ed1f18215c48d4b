import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IsoDateTime, Page, ProgramParams } from '../../platform/http/schemas.ts';
import { listAudit } from './service.ts';

const AuditEntry = Type.Object({
  id: Type.Integer(),
  actor_type: Type.String(),
  actor_id: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity_type: Type.String(),
  entity_id: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
  at: IsoDateTime,
});

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/programs/:programId/audit-log',
    {
      config: { auth: { permission: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: 'Who changed what, newest first',
        params: ProgramParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
        }),
        response: { 200: Page(AuditEntry) },
      },
    },
    async (request) =>
      listAudit(app.ctx.db, request.params.programId, {
        limit: request.query.limit ?? 50,
        beforeId: request.query.cursor ? Number(request.query.cursor) : undefined,
      }),
  );
}
