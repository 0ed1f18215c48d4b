import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Page, ProgramParams } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { getAccount } from './account.ts';
import { awardEventBonus } from './events.ts';
import { listLedger } from './ledger.ts';
import { adjustPoints, redeemPoints, transferPoints } from './points.ts';
import {
  AccountView,
  AdjustBody,
  EventBonusBody,
  EventBonusView,
  LedgerEntryView,
  MemberParams,
  MovementView,
  RedeemBody,
  TransferBody,
} from './schemas.ts';
import { loadLoyaltyConfig } from './settings.ts';

export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const base = '/api/programs/:programId/members/:memberId';

  app.get(
    `${base}/account`,
    {
      config: { auth: { permission: 'loyalty:read' } },
      schema: {
        tags: ['loyalty'],
        summary: "A member's points account",
        params: MemberParams,
        response: { 200: AccountView },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      return getAccount(db, await loadLoyaltyConfig(db, programId), memberId, clock.now());
    },
  );

  app.get(
    `${base}/ledger`,
    {
      config: { auth: { permission: 'loyalty:read' } },
      schema: {
        tags: ['loyalty'],
        summary: "A member's points ledger, newest first",
        params: MemberParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
        }),
        response: { 200: Page(LedgerEntryView) },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      await getAccount(db, await loadLoyaltyConfig(db, programId), memberId, clock.now());
      return listLedger(db, programId, memberId, {
        limit: request.query.limit ?? 50,
        beforeId: request.query.cursor ? Number(request.query.cursor) : undefined,
      });
    },
  );

  app.post(
    `${base}/adjustments`,
    {
      config: { auth: { permission: 'points:adjust' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Add or remove points by hand, with a reason (audited)',
        params: MemberParams,
        body: AdjustBody,
        response: { 201: MovementView, 200: MovementView },
      },
    },
    async (request, reply) => {
      const { programId, memberId } = request.params;
      const result = await adjustPoints(db, clock, actorOf(request), programId, memberId, request.body);
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    `${base}/redemptions`,
    {
      config: { auth: { permission: 'loyalty:write' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Spend available points (oldest lots first)',
        params: MemberParams,
        body: RedeemBody,
        response: { 201: MovementView, 200: MovementView },
      },
    },
    async (request, reply) => {
      const { programId, memberId } = request.params;
      const result = await redeemPoints(db, clock, actorOf(request), programId, memberId, request.body);
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    `${base}/events`,
    {
      config: { auth: { permission: 'loyalty:write' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Award the bonus rules for a member event (signup, birthday_month, custom…)',
        params: MemberParams,
        body: EventBonusBody,
        response: { 200: EventBonusView },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      return awardEventBonus(db, clock, actorOf(request), programId, { memberId, ...request.body });
    },
  );

  app.post(
    '/api/programs/:programId/transfers',
    {
      config: { auth: { permission: 'loyalty:write' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Move points from one member to another (when the program allows it)',
        params: ProgramParams,
        body: TransferBody,
        response: { 201: Type.Object({ from: MovementView, to: MovementView }) },
      },
    },
    async (request, reply) => {
      const result = await transferPoints(
        db,
        clock,
        actorOf(request),
        request.params.programId,
        request.body,
      );
      return reply.code(201).send(result);
    },
  );
}
