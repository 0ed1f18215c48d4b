// The member portal's "invite a friend": the member's link and code, progress, the offer. Opening it notes
// the device and network address the member uses, so a friend who "joins" from the same ones is caught.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireMember } from '../portal/index.ts';
import { memberReferral } from './member-referral.ts';
import { MemberReferralView } from './schemas.ts';
import { recordSignals } from './signals.ts';

export async function referralPortalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;

  app.get(
    '/api/portal/referral',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['portal'],
        summary: "The signed-in member's referral link, code, progress and the offer",
        querystring: Type.Object(
          { device: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: MemberReferralView },
      },
    },
    async (request) => {
      const { programId, memberId } = await requireMember(app, request);
      await recordSignals(db, clock, programId, memberId, { deviceId: request.query.device, ip: request.ip });
      return memberReferral(db, clock, config.publicUrl, programId, memberId);
    },
  );
}
