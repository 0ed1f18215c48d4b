// The till / shop API (API key with coupons:redeem, or an agent's session).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ProgramParams } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import {
  CouponView,
  RedeemCouponBody,
  TillRedemptionView,
  UndoBody,
  ValidateBody,
  ValidationView,
} from './schemas.ts';
import { redeemCoupon, undoRedemption, validateCoupon } from './till.ts';

export async function tillRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['coupons'];

  app.post(
    '/api/programs/:programId/coupons/validate',
    {
      config: { auth: { permission: 'coupons:redeem' } },
      schema: {
        tags,
        summary: 'Would this code work on this cart, and what does it give? Changes nothing',
        description:
          'Always 200 for a well-formed code: `valid` with the discount, or `valid: false` with a stable `reason`. ' +
          'A code that is not letters and digits (after dropping case, spaces and dashes) is 400 `malformed_code`.',
        params: ProgramParams,
        body: ValidateBody,
        response: { 200: ValidationView },
      },
    },
    async (request) => validateCoupon(db, clock, request.params.programId, request.body),
  );

  app.post(
    '/api/programs/:programId/coupons/redeem',
    {
      config: { auth: { permission: 'coupons:redeem' } },
      schema: {
        tags,
        summary: 'Redeem a code for an order, exactly once',
        description:
          'Two tills redeeming one coupon at the same moment: one gets 201, the other 409 ' +
          '`coupon_already_redeemed` with `details.redeemedAt`, `orderId`, `storeId` and `channel`. The same ' +
          'order again returns the first redemption (200, `replayed: true`). Gift cards take `amount` (or as ' +
          'much of the cart as the balance covers) and may be used again until empty. Honours Idempotency-Key. ' +
          'Refusals: 404 coupon_not_found, 409 coupon_expired / coupon_cancelled / gift_card_empty / ' +
          'insufficient_balance, 403 coupon_not_yours, 422 min_total_not_met / wrong_store / wrong_channel / ' +
          'wrong_partner / currency_mismatch / no_eligible_items / product_not_in_cart / nothing_to_discount.',
        params: ProgramParams,
        body: RedeemCouponBody,
        response: { 201: TillRedemptionView, 200: TillRedemptionView },
      },
    },
    async (request, reply) => {
      const result = await redeemCoupon(db, clock, actorOf(request), request.params.programId, request.body);
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/programs/:programId/coupons/undo',
    {
      config: { auth: { permission: 'coupons:redeem' } },
      schema: {
        tags,
        summary: "Undo an order's redemption (order cancelled) within the program's undo window",
        params: ProgramParams,
        body: UndoBody,
        response: { 200: CouponView },
      },
    },
    async (request) => undoRedemption(db, clock, actorOf(request), request.params.programId, request.body),
  );
}
