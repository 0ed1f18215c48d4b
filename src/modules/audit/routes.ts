import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IsoDateTime, Page, ProgramParams, StringEnum } from '../../platform/http/schemas.ts';
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
        summary:
          'Who changed what, newest first by when it happened; filters by actor, action, record and time',
        params: ProgramParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}_[0-9]{1,18}$' })),
          actorType: Type.Optional(StringEnum(['user', 'api_key', 'system'])),
          actorId: Type.Optional(Type.String({ maxLength: 100 })),
          action: Type.Optional(
            Type.String({
              maxLength: 100,
              description: 'An exact action (member.updated) or, ending in a dot, a family (member.)',
            }),
          ),
          entityType: Type.Optional(Type.String({ maxLength: 100 })),
          entityId: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ format: 'date-time', description: 'From this instant' })),
          to: Type.Optional(Type.String({ format: 'date-time', description: 'Before this instant' })),
        }),
        response: { 200: Page(AuditEntry) },
      },
    },
    async (request) =>
      listAudit(app.ctx.db, request.params.programId, {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
        filter: {
          actorType: request.query.actorType,
          actorId: request.query.actorId,
          action: request.query.action,
          entityType: request.query.entityType,
          entityId: request.query.entityId,
          from: request.query.from ? new Date(request.query.from) : undefined,
          to: request.query.to ? new Date(request.query.to) : undefined,
        },
      }),
  );
}
