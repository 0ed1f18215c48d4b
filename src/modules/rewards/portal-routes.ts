// The member portal's rewards: the catalog as this member sees it (cost for their tier, affordable,
// allowed and why not), redeeming one, and their coupons.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Locale, Uuid } from '../../platform/http/schemas.ts';
import { getAccount, loadLoyaltyConfig } from '../loyalty/index.ts';
import { requireMember } from '../portal/index.ts';
import { listRewards, rewardText } from './catalog.ts';
import { listMemberCoupons } from './coupons.ts';
import { decideRedemption, periodStart } from './eligibility.ts';
import { redeemReward } from './redeem.ts';
import { CouponView, RedemptionView } from './schemas.ts';

const PortalReward = Type.Object({
  id: Uuid,
  kind: Type.String(),
  name: Type.String(),
  description: Type.String(),
  terms: Type.String(),
  imageUrl: Type.Union([Type.String(), Type.Null()]),
  cost: Type.Integer(),
  stockLeft: Type.Union([Type.Integer(), Type.Null()]),
  validUntil: Type.Union([Type.String(), Type.Null()]),
  effect: Type.Record(Type.String(), Type.Unknown()),
  canRedeem: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
});

const PortalCoupon = Type.Intersect([CouponView, Type.Object({ rewardName: Type.String() })]);

export async function rewardPortalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const config = { auth: { public: true } } as const;
  const tags = ['portal'];

  app.get(
    '/api/portal/rewards',
    {
      config,
      schema: {
        tags,
        summary:
          'The catalog as the signed-in member sees it: their cost, and whether they can redeem (why not)',
        querystring: Type.Object({ locale: Type.Optional(Locale) }),
        response: { 200: Type.Object({ available: Type.Integer(), items: Type.Array(PortalReward) }) },
      },
    },
    async (request) => {
      const session = await requireMember(app, request);
      const { programId, memberId } = session;
      const now = clock.now();
      const loyalty = await loadLoyaltyConfig(db, programId);
      const account = await getAccount(db, loyalty, memberId, now);
      const tier = loyalty.tiers.find((t) => t.key === account.tier) ?? null;
      const rewards = await listRewards(db, programId, { activeOnly: true });
      const issued = await db
        .selectFrom('coupons')
        .select(['reward_id', 'issued_at'])
        .where('program_id', '=', programId)
        .where('member_id', '=', memberId)
        .where('status', '<>', 'cancelled')
        .where('reward_id', 'is not', null)
        .execute();
      const locale = request.query.locale ?? 'he';
      const items = rewards
        .filter((r) => !r.validUntil || r.validUntil > now)
        .map((r) => {
          const mine = issued.filter((c) => c.reward_id === r.id);
          const since = r.periodLimit ? periodStart(r.periodLimit.period, now) : now;
          const decision = decideRedemption(
            {
              ...r,
              periodLimit: r.periodLimit?.count ?? null,
              limitPeriod: r.periodLimit?.period ?? null,
            },
            {
              available: account.available,
              tier,
              tiers: loyalty.tiers,
              issuedEver: mine.length,
              issuedInPeriod: mine.filter((c) => c.issued_at > since).length,
            },
            now,
          );
          const text = rewardText(r.texts, locale);
          const cost = decision.ok ? decision.cost : r.costPoints;
          return {
            id: r.id,
            kind: r.kind,
            ...text,
            imageUrl: r.imageUrl,
            cost,
            stockLeft: r.stockLeft,
            validUntil: r.validUntil?.toISOString() ?? null,
            effect: r.effect as Record<string, unknown>,
            canRedeem: decision.ok,
            reason: decision.ok ? null : decision.reason,
          };
        });
      return { available: account.available, items };
    },
  );

  app.post(
    '/api/portal/rewards/:rewardId/redeem',
    {
      config,
      schema: {
        tags,
        summary: 'Redeem a reward for the signed-in member',
        params: Type.Object({ rewardId: Uuid }),
        response: { 201: RedemptionView },
      },
    },
    async (request, reply) => {
      const session = await requireMember(app, request);
      const result = await redeemReward(
        db,
        clock,
        // The audit log has no member actor type; the member acting on their own account is named in the id.
        { type: 'system', id: `member:${session.memberId}`, ip: request.ip, requestId: request.id },
        session.programId,
        { memberId: session.memberId, rewardId: request.params.rewardId },
      );
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/portal/coupons',
    {
      config,
      schema: {
        tags,
        summary: "The signed-in member's coupons, newest first",
        querystring: Type.Object({ locale: Type.Optional(Locale) }),
        response: { 200: Type.Object({ items: Type.Array(PortalCoupon) }) },
      },
    },
    async (request) => {
      const session = await requireMember(app, request);
      const coupons = await listMemberCoupons(db, session.programId, session.memberId);
      const rewards = new Map((await listRewards(db, session.programId)).map((r) => [r.id, r] as const));
      const locale = request.query.locale ?? 'he';
      return {
        items: coupons.map((c) => {
          const reward = c.rewardId ? rewards.get(c.rewardId) : undefined;
          return { ...c, rewardName: reward ? rewardText(reward.texts, locale).name : '' };
        }),
      };
    },
  );
}
