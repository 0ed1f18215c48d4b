// Admin API: the catalog, program policy, redeeming for a member, a member's coupons, the support lookup,
// cancelling a coupon and topping up a gift card.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ProgramParams } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { createReward, getReward, listRewards, updateReward } from './catalog.ts';
import { cancelCoupon } from './coupon-closing.ts';
import { listMemberCoupons } from './coupons.ts';
import { lookupCoupon } from './lookup.ts';
import { redeemReward } from './redeem.ts';
import {
  CancelBody,
  CouponParams,
  CouponView,
  LookupQuery,
  LookupView,
  MemberParams,
  RedemptionView,
  RewardBody,
  RewardParams,
  RewardView,
  SettingsBody,
  SettingsView,
  TopUpBody,
} from './schemas.ts';
import { getRewardsSettings, updateRewardsSettings } from './settings.ts';
import { topUpGiftCard } from './till.ts';

export async function rewardAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const base = '/api/programs/:programId';
  const tags = ['rewards'];

  app.get(
    `${base}/rewards`,
    {
      config: { auth: { permission: 'rewards:read' } },
      schema: {
        tags,
        summary: 'The rewards catalog, in sort order',
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(RewardView) }) },
      },
    },
    async (request) => ({ items: await listRewards(db, request.params.programId) }),
  );

  app.post(
    `${base}/rewards`,
    {
      config: { auth: { permission: 'rewards:write' } },
      schema: {
        tags,
        summary: 'Add a reward to the catalog',
        params: ProgramParams,
        body: RewardBody,
        response: { 201: RewardView },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createReward(db, clock, actorOf(request), request.params.programId, request.body)),
  );

  app.get(
    `${base}/rewards/:rewardId`,
    {
      config: { auth: { permission: 'rewards:read' } },
      schema: { tags, params: RewardParams, response: { 200: RewardView } },
    },
    async (request) => getReward(db, request.params.programId, request.params.rewardId),
  );

  app.put(
    `${base}/rewards/:rewardId`,
    {
      config: { auth: { permission: 'rewards:write' } },
      schema: {
        tags,
        summary: "Replace a reward's definition (issued coupons keep their terms)",
        params: RewardParams,
        body: RewardBody,
        response: { 200: RewardView },
      },
    },
    async (request) =>
      updateReward(
        db,
        clock,
        actorOf(request),
        request.params.programId,
        request.params.rewardId,
        request.body,
      ),
  );

  app.get(
    `${base}/rewards-settings`,
    {
      config: { auth: { permission: 'rewards:read' } },
      schema: { tags, params: ProgramParams, response: { 200: SettingsView } },
    },
    async (request) => getRewardsSettings(db, request.params.programId),
  );

  app.put(
    `${base}/rewards-settings`,
    {
      config: { auth: { permission: 'rewards:write' } },
      schema: {
        tags,
        summary: 'Points policy for cancelled and expired coupons, and the till undo window',
        params: ProgramParams,
        body: SettingsBody,
        response: { 200: SettingsView },
      },
    },
    async (request) =>
      updateRewardsSettings(db, clock, actorOf(request), request.params.programId, request.body),
  );

  app.post(
    `${base}/members/:memberId/reward-redemptions`,
    {
      config: { auth: { permission: 'coupons:redeem' } },
      schema: {
        tags,
        summary: 'Redeem a reward for a member: points, stock and a coupon in one transaction',
        params: MemberParams,
        body: Type.Object({ rewardId: Type.String({ format: 'uuid' }) }),
        response: { 201: RedemptionView },
      },
    },
    async (request, reply) => {
      const { programId, memberId } = request.params;
      const result = await redeemReward(db, clock, actorOf(request), programId, {
        memberId,
        rewardId: request.body.rewardId,
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    `${base}/members/:memberId/coupons`,
    {
      config: { auth: { permission: 'rewards:read' } },
      schema: {
        tags,
        params: MemberParams,
        response: { 200: Type.Object({ items: Type.Array(CouponView) }) },
      },
    },
    async (request) => ({
      items: await listMemberCoupons(db, request.params.programId, request.params.memberId),
    }),
  );

  app.get(
    `${base}/coupons/lookup`,
    {
      config: { auth: { permission: 'rewards:read' } },
      schema: {
        tags,
        summary: 'A code → its coupon, history and the purchases it was used on (support staff)',
        params: ProgramParams,
        querystring: LookupQuery,
        response: { 200: LookupView },
      },
    },
    async (request) => lookupCoupon(db, request.params.programId, request.query.code),
  );

  app.post(
    `${base}/coupons/:couponId/cancel`,
    {
      config: { auth: { permission: 'rewards:write' } },
      schema: {
        tags,
        summary: "Cancel an unused coupon; its points follow the program's cancel policy",
        params: CouponParams,
        body: CancelBody,
        response: { 200: CouponView },
      },
    },
    async (request) =>
      cancelCoupon(
        db,
        clock,
        actorOf(request),
        request.params.programId,
        request.params.couponId,
        request.body,
      ),
  );

  app.post(
    `${base}/gift-cards/top-up`,
    {
      config: { auth: { permission: 'coupons:redeem' } },
      schema: {
        tags,
        summary: 'Add value to a gift card',
        params: ProgramParams,
        body: TopUpBody,
        response: { 200: CouponView },
      },
    },
    async (request) => topUpGiftCard(db, clock, actorOf(request), request.params.programId, request.body),
  );
}
