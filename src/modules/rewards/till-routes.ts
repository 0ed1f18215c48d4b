// The till / shop API (API key with coupons:redeem, or an agent's session). A key bound to a store (a till)
// or a partner acts as that store or partner: its cart carries them, and it cannot claim another.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { partnerOf, storeOf } from '../auth/index.ts';
import { getProgram } from '../programs/index.ts';
import {
  CouponView,
  RedeemCouponBody,
  TillRedemptionView,
  UndoBody,
  ValidateBody,
  ValidationView,
} from './schemas.ts';
import { redeemCoupon, undoRedemption, validateCoupon, type TillScope } from './till.ts';

/** The store and partner the caller is bound to, if any (undefined: the caller may name any). */
function tillScope(request: FastifyRequest, programId: string): TillScope {
  return { storeId: storeOf(request.principal), partnerId: partnerOf(request.principal, programId) };
}

/** The cart as the bound caller's store and partner; naming another is refused, nothing changed. */
function scopedCart<C extends { storeId?: string | undefined; partnerId?: string | undefined }>(
  cart: C,
  scope: TillScope,
): C {
  if (scope.storeId !== undefined && cart.storeId !== undefined && cart.storeId !== scope.storeId) {
    throw new AppError('forbidden', 403, `This API key acts only as store ${scope.storeId}`, {
      storeId: scope.storeId,
    });
  }
  if (scope.partnerId !== undefined && cart.partnerId !== undefined && cart.partnerId !== scope.partnerId) {
    throw new AppError('forbidden', 403, 'A partner redeems coupons only as itself', {
      partnerId: scope.partnerId,
    });
  }
  return {
    ...cart,
    ...(scope.storeId !== undefined ? { storeId: scope.storeId } : {}),
    ...(scope.partnerId !== undefined ? { partnerId: scope.partnerId } : {}),
  };
}

const TILL_ACTIONS = ['validate', 'redeem', 'undo'] as const;

const TillView = Type.Object({
  programId: Uuid,
  programName: Type.String(),
  currency: Type.String(),
  keyId: Uuid,
  storeId: Type.Union([Type.String(), Type.Null()], { description: 'The store the key acts as; null: any' }),
  partnerId: Type.Union([Uuid, Type.Null()]),
  actions: Type.Array(StringEnum(TILL_ACTIONS)),
});

export async function tillRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const tags = ['coupons'];
  const scoped = { permission: 'coupons:redeem', store: 'scoped', partner: 'scoped' } as const;

  app.get(
    '/api/till',
    {
      config: { auth: scoped },
      schema: {
        tags,
        summary: 'What this till key is: its program, the store and partner it acts as, what it may do',
        description:
          'For the till page (/pos) after a key is entered or scanned. API keys only; a signed-in agent uses ' +
          'the program pages instead.',
        response: { 200: TillView },
      },
    },
    async (request) => {
      const p = request.principal;
      if (p?.kind !== 'api_key') throw new AppError('forbidden', 403, 'This endpoint needs an API key');
      const program = await getProgram(db, p.programId);
      return {
        programId: program.id,
        programName: program.name,
        currency: program.currency,
        keyId: p.keyId,
        storeId: p.storeId,
        partnerId: p.partnerId,
        actions: p.permissions.has('coupons:redeem') ? [...TILL_ACTIONS] : [],
      };
    },
  );

  app.post(
    '/api/programs/:programId/coupons/validate',
    {
      config: { auth: scoped },
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
    async (request) => {
      const { programId } = request.params;
      const cart = scopedCart(request.body.cart, tillScope(request, programId));
      return validateCoupon(db, clock, programId, { ...request.body, cart });
    },
  );

  app.post(
    '/api/programs/:programId/coupons/redeem',
    {
      config: { auth: scoped },
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
      const { programId } = request.params;
      const cart = scopedCart(request.body.cart, tillScope(request, programId));
      const result = await redeemCoupon(db, clock, actorOf(request), programId, { ...request.body, cart });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/programs/:programId/coupons/undo',
    {
      config: { auth: scoped },
      schema: {
        tags,
        summary: "Undo an order's redemption (order cancelled) within the program's undo window",
        params: ProgramParams,
        body: UndoBody,
        response: { 200: CouponView },
      },
    },
    async (request) => {
      const { programId } = request.params;
      return undoRedemption(
        db,
        clock,
        actorOf(request),
        programId,
        request.body,
        tillScope(request, programId),
      );
    },
  );
}
