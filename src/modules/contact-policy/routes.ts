// The contact-policy API: read and save the program's policy, and preview what it would hold back.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import { ProgramParams } from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';
import { getProgram } from '../programs/index.ts';
import { minutesOf, suggestedPolicy, type ContactPressurePolicy } from './policy.ts';
import { previewPolicy } from './preview.ts';
import { PolicyBody, PolicyView, PreviewBody, PreviewView } from './schemas.ts';
import { getContactPolicy, hasContactPolicy, saveContactPolicy } from './service.ts';

function checkPolicy(policy: ContactPressurePolicy): void {
  const quiet = policy.quietHours;
  if (quiet && minutesOf(quiet.start) === minutesOf(quiet.end)) {
    throw new AppError('invalid_contact_policy', 400, 'Quiet hours must start and end at different times', {
      field: 'quietHours',
    });
  }
}

export async function contactPolicyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  async function view(programId: string) {
    const program = await getProgram(db, programId);
    return {
      policy: await getContactPolicy(db, programId),
      saved: await hasContactPolicy(db, programId),
      suggested: suggestedPolicy(program.defaultRegion),
      timeZone: program.timeZone,
      region: program.defaultRegion,
    };
  }

  app.get(
    '/api/programs/:programId/contact-policy',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['contact-policy'],
        summary: 'The program’s contact-pressure policy: caps, quiet hours, rest days, defer or drop',
        params: ProgramParams,
        response: { 200: PolicyView },
      },
    },
    async (request) => view(request.params.programId),
  );

  app.put(
    '/api/programs/:programId/contact-policy',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags: ['contact-policy'],
        summary: 'Save the program’s contact-pressure policy (replaces it whole)',
        description:
          'Errors: validation_failed, invalid_contact_policy (quiet hours starting when they end).',
        params: ProgramParams,
        body: PolicyBody,
        response: { 200: PolicyView },
      },
    },
    async (request) => {
      const { programId } = request.params;
      checkPolicy(request.body);
      await db.transaction().execute(async (trx) => {
        const before = (await hasContactPolicy(trx, programId))
          ? await getContactPolicy(trx, programId)
          : null;
        const after = await saveContactPolicy(trx, clock, programId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'contact_policy.updated',
          entityType: 'contact_policy',
          entityId: programId,
          before: before ? { ...before } : null,
          after: { ...after },
        });
      });
      return view(programId);
    },
  );

  app.post(
    '/api/programs/:programId/contact-policy/preview',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['contact-policy'],
        summary:
          'What the policy would do now to an audience: sent, deferred (until when) and dropped, by reason',
        description:
          'Changes nothing. Errors: validation_failed, invalid_preview, invalid_contact_policy, list_not_found.',
        params: ProgramParams,
        body: PreviewBody,
        response: { 200: PreviewView },
      },
    },
    async (request) => {
      if (request.body.policy) checkPolicy(request.body.policy);
      return previewPolicy(db, clock, request.params.programId, request.body);
    },
  );
}
