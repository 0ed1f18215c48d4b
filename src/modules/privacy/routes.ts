// HTTP: a member's data export (JSON) and erasure.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Uuid } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { eraseMember, exportMemberData } from './service.ts';

const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid });

export async function privacyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.ctx;

  app.get(
    '/api/programs/:programId/members/:memberId/data-export',
    {
      config: { auth: { permission: 'members:export' } },
      schema: {
        tags: ['privacy'],
        summary: 'Everything stored about one member, as JSON (GDPR right of access)',
        params: MemberParams,
        response: {
          200: Type.Object({
            exportedAt: Type.String(),
            programId: Uuid,
            memberId: Uuid,
            data: Type.Record(Type.String(), Type.Unknown()),
          }),
        },
      },
    },
    async (request, reply) => {
      const body = await exportMemberData(deps, request.params);
      return reply
        .header('content-disposition', `attachment; filename="member-${request.params.memberId}.json"`)
        .send(body);
    },
  );

  app.post(
    '/api/programs/:programId/members/:memberId/erase',
    {
      config: { auth: { permission: 'members:delete' } },
      schema: {
        tags: ['privacy'],
        summary: 'Erase a member: anonymise personal data everywhere, keep ledger totals (idempotent)',
        params: MemberParams,
        response: {
          200: Type.Object({ memberId: Uuid, erased: Type.Literal(true), alreadyErased: Type.Boolean() }),
        },
      },
    },
    async (request) => eraseMember(deps, { ...request.params, actor: actorOf(request) }),
  );
}
