import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  IsoDateTime,
  MinorUnits,
  Page,
  PageQuery,
  ProgramParams,
  StringEnum,
  Uuid,
} from '../../platform/http/schemas.ts';
import { partnerOf } from '../auth/index.ts';
import { getMember } from '../members/index.ts';
import { listPurchases } from './purchase-list.ts';
import { MemberParams, PurchaseView } from './schemas.ts';

const ListedPurchaseView = Type.Object({
  ...PurchaseView.properties,
  items: Type.Array(Type.Unknown()),
  refundState: StringEnum(['none', 'partial', 'full'] as const, {
    description: 'none, partial (some of the total refunded) or full',
  }),
  refunds: Type.Array(
    Type.Object({
      id: Uuid,
      amount: MinorUnits,
      pointsReversed: Type.Integer(),
      reason: Type.Union([Type.String(), Type.Null()]),
      createdAt: IsoDateTime,
    }),
  ),
});

const ProgramListQuery = Type.Object({
  ...PageQuery.properties,
  memberId: Type.Optional(Uuid),
});

export async function purchaseListRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.ctx;
  const read = { auth: { permission: 'loyalty:read' as const } };

  app.get(
    '/api/programs/:programId/purchases',
    {
      config: { auth: { ...read.auth, partner: 'scoped' } },
      schema: {
        tags: ['loyalty'],
        summary: 'Purchases, newest first, with their refunds (optionally of one member)',
        description: 'Errors: validation_failed, invalid_cursor.',
        params: ProgramParams,
        querystring: ProgramListQuery,
        response: { 200: Page(ListedPurchaseView) },
      },
    },
    async (request) =>
      listPurchases(db, request.params.programId, {
        ...request.query,
        limit: request.query.limit ?? 50,
        partnerId: partnerOf(request.principal, request.params.programId),
      }),
  );

  app.get(
    '/api/programs/:programId/members/:memberId/purchases',
    {
      config: read,
      schema: {
        tags: ['loyalty'],
        summary: "A member's purchases, newest first, with their refunds",
        description: 'Errors: member_not_found, validation_failed, invalid_cursor.',
        params: MemberParams,
        querystring: PageQuery,
        response: { 200: Page(ListedPurchaseView) },
      },
    },
    async (request) => {
      const { programId, memberId } = request.params;
      await getMember(db, programId, memberId);
      return listPurchases(db, programId, { ...request.query, limit: request.query.limit ?? 50, memberId });
    },
  );
}
