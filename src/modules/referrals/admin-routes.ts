// Admin API for referrals: settings, the report, the referral list (with block reasons), a member's code
// and progress, and checking a friend's referral now (a shop calls it after an order; the job sweeps too).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { getMember } from '../members/index.ts';
import { memberReferral } from './member-referral.ts';
import { checkReferee } from './qualify.ts';
import { listReferrals, referralReport } from './report.ts';
import {
  MemberReferralView,
  ReferralReportView,
  ReferralSettingsBody,
  ReferralSettingsView,
  ReferralView,
} from './schemas.ts';
import { getReferralSettings, updateReferralSettings } from './settings.ts';

const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid }, { additionalProperties: false });

export async function referralAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const base = '/api/programs/:programId/referrals';
  const tags = ['referrals'];
  const read = { auth: { permission: 'rewards:read' as const } };
  const write = { auth: { permission: 'rewards:write' as const } };

  app.get(
    `${base}/settings`,
    {
      config: read,
      schema: {
        tags,
        summary: 'Referral settings',
        params: ProgramParams,
        response: { 200: ReferralSettingsView },
      },
    },
    async (request) => getReferralSettings(db, request.params.programId),
  );

  app.put(
    `${base}/settings`,
    {
      config: write,
      schema: {
        tags,
        summary: 'Change referral settings: bonuses per side, the qualifying purchase, caps, targets',
        description: 'Errors: reward_not_found when a bonus names a reward this program does not have.',
        params: ProgramParams,
        body: ReferralSettingsBody,
        response: { 200: ReferralSettingsView },
      },
    },
    async (request) =>
      updateReferralSettings(db, clock, actorOf(request), request.params.programId, request.body),
  );

  app.get(
    `${base}/report`,
    {
      config: read,
      schema: {
        tags,
        summary:
          'Links opened, friends joined, qualified, blocked by reason, conversion, top referrers, paid',
        params: ProgramParams,
        response: { 200: ReferralReportView },
      },
    },
    async (request) => referralReport(db, clock, request.params.programId),
  );

  app.get(
    base,
    {
      config: read,
      schema: {
        tags,
        summary: 'The latest referrals, newest first, with the reason of each block',
        params: ProgramParams,
        querystring: Type.Object(
          {
            status: Type.Optional(StringEnum(['joined', 'qualified', 'blocked', 'expired'] as const)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ReferralView) }) },
      },
    },
    async (request) => ({
      items: await listReferrals(db, request.params.programId, {
        limit: request.query.limit ?? 100,
        ...(request.query.status ? { status: request.query.status } : {}),
      }),
    }),
  );

  app.get(
    '/api/programs/:programId/members/:memberId/referral',
    {
      config: read,
      schema: {
        tags,
        summary: "A member's referral code and link (made on first ask) and their referral progress",
        params: MemberParams,
        response: { 200: MemberReferralView },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      await getMember(db, programId, memberId);
      return memberReferral(db, clock, config.publicUrl, programId, memberId);
    },
  );

  app.post(
    `${base}/check`,
    {
      config: write,
      schema: {
        tags,
        summary: "Check a friend's referral now: qualify and pay both sides, or expire it",
        description: 'Idempotent: each side is paid once however often it is called.',
        params: ProgramParams,
        body: Type.Object({ memberId: Uuid }, { additionalProperties: false }),
        response: {
          200: Type.Object({ outcome: StringEnum(['qualified', 'expired', 'pending', 'none'] as const) }),
        },
      },
    },
    async (request) => {
      await getMember(db, request.params.programId, request.body.memberId);
      return {
        outcome: await checkReferee(
          db,
          clock,
          request.params.programId,
          request.body.memberId,
          actorOf(request),
        ),
      };
    },
  );
}
