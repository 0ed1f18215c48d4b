import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ProgramParams } from '../../platform/http/schemas.ts';
import { AppError } from '../../platform/http/errors.ts';
import { actorOf } from '../audit/index.ts';
import { partnerOf } from '../auth/index.ts';
import { getPurchase, recordPurchase } from './purchases.ts';
import { refundPurchase } from './refunds.ts';
import { OrderParams, PurchaseBody, PurchaseView, RefundBody, RefundView } from './schemas.ts';

export async function purchaseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  app.post(
    '/api/programs/:programId/purchases',
    {
      config: { auth: { permission: 'purchases:write', partner: 'scoped' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Record a purchase and award its points (idempotent by orderId)',
        description:
          'The same orderId with the same details returns the first result (200); with different details, 409. ' +
          "A partner's purchase is always recorded for that partner (another partnerId is refused).",
        params: ProgramParams,
        body: PurchaseBody,
        response: { 201: PurchaseView, 200: PurchaseView },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const partnerId = partnerOf(request.principal, programId);
      if (partnerId && request.body.partnerId !== undefined && request.body.partnerId !== partnerId) {
        throw new AppError('forbidden', 403, 'A partner records purchases only for itself', { partnerId });
      }
      const input = partnerId ? { ...request.body, partnerId } : request.body;
      const { purchase, replayed } = await recordPurchase(db, clock, actorOf(request), programId, input);
      return reply.code(replayed ? 200 : 201).send(purchase);
    },
  );

  app.get(
    '/api/programs/:programId/purchases/:orderId',
    {
      config: { auth: { permission: 'loyalty:read', partner: 'scoped' } },
      schema: { tags: ['loyalty'], params: OrderParams, response: { 200: PurchaseView } },
    },
    async (request) => {
      const { programId, orderId } = request.params;
      return getPurchase(db, programId, orderId, partnerOf(request.principal, programId));
    },
  );

  app.post(
    '/api/programs/:programId/purchases/:orderId/refunds',
    {
      config: { auth: { permission: 'purchases:write', partner: 'scoped' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Refund all or part of an order; reverses the proportional points',
        params: OrderParams,
        body: RefundBody,
        response: { 201: RefundView, 200: RefundView },
      },
    },
    async (request, reply) => {
      const { programId, orderId } = request.params;
      const refund = await refundPurchase(
        db,
        clock,
        actorOf(request),
        programId,
        orderId,
        request.body,
        partnerOf(request.principal, programId),
      );
      return reply.code(refund.replayed ? 200 : 201).send(refund);
    },
  );
}
