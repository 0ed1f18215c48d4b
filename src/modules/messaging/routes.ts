import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../platform/http/errors.ts';
import { IsoDateTime, Page, ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';
import { BounceEventView } from './bounces/schemas.ts';
import { getMessage, listMessages } from './service.ts';
import { listSuppressions, suppressAddress, unsuppressAddress } from './suppressions.ts';

const Channel = StringEnum(['email', 'sms'] as const);
const Status = StringEnum([
  'queued',
  'sending',
  'sent',
  'failed',
  'outbox',
  'suppressed',
  'bounced',
  'complained',
  'delivered',
  'deferred',
  'skipped',
] as const);
const Purpose = StringEnum(['marketing', 'service'] as const);
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

const MessageView = Type.Object({
  id: Uuid,
  memberId: Type.Union([Uuid, Type.Null()]),
  channel: Channel,
  kind: Type.String(),
  purpose: Purpose,
  to: Type.String(),
  locale: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  text: Type.String(),
  html: Nullable(Type.String()),
  unsubscribeUrl: Nullable(Type.String()),
  status: Status,
  attempts: Type.Integer(),
  providerMessageId: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  sentAt: Type.Union([IsoDateTime, Type.Null()]),
  failedAt: Type.Union([IsoDateTime, Type.Null()]),
  campaignId: Type.Union([Uuid, Type.Null()]),
  reason: Nullable(
    Type.String({ description: 'Why a deferred, skipped, suppressed or failed message was not sent' }),
  ),
});

const SuppressionView = Type.Object({
  channel: Channel,
  address: Type.String(),
  reason: StringEnum(['unsubscribe', 'bounce', 'complaint', 'manual'] as const),
  source: Nullable(Type.String()),
  createdAt: IsoDateTime,
  evidenceId: Nullable(Type.String()),
  evidence: Type.Union([BounceEventView, Type.Null()], {
    description: 'The parsed bounce or complaint report',
  }),
});

export async function messagingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  app.get(
    '/api/programs/:programId/messages',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['messaging'],
        summary:
          'Messages, newest first (with SMTP_URL unset this is the outbox); filter by status, channel, purpose, kind, member and a from/to range',
        params: ProgramParams,
        querystring: Type.Object({
          status: Type.Optional(Status),
          channel: Type.Optional(Channel),
          purpose: Type.Optional(Purpose),
          kind: Type.Optional(Type.String({ maxLength: 64 })),
          memberId: Type.Optional(Uuid),
          from: Type.Optional(
            Type.Unsafe<string>({
              type: 'string',
              format: 'date-time',
              description: 'Recorded at or after this instant (ISO 8601 with offset)',
            }),
          ),
          to: Type.Optional(
            Type.Unsafe<string>({
              type: 'string',
              format: 'date-time',
              description: 'Recorded before this instant; must be after "from" (400 invalid_range)',
            }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Page(MessageView) },
      },
    },
    async (request) => listMessages(db, request.params.programId, request.query),
  );

  app.get(
    '/api/programs/:programId/messages/:messageId',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['messaging'],
        summary: 'One message with its status history and the bounce reports that came back for it',
        params: Type.Object({ programId: Uuid, messageId: Uuid }),
        response: {
          200: Type.Intersect([
            MessageView,
            Type.Object({
              history: Type.Array(
                Type.Object({ status: Status, detail: Nullable(Type.String()), at: IsoDateTime }),
              ),
              bounces: Type.Array(BounceEventView, {
                description: 'Bounce and complaint reports matched to this message, oldest first',
              }),
            }),
          ]),
        },
      },
    },
    async (request) => getMessage(db, request.params.programId, request.params.messageId),
  );

  app.get(
    '/api/programs/:programId/suppressions',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['messaging'],
        summary: 'Addresses that receive no marketing (unsubscribes, bounces, complaints, manual)',
        params: ProgramParams,
        querystring: Type.Object({
          channel: Type.Optional(Channel),
          reason: Type.Optional(StringEnum(['unsubscribe', 'bounce', 'complaint', 'manual'] as const)),
          address: Type.Optional(Type.String({ maxLength: 320 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 320 })),
        }),
        response: { 200: Page(SuppressionView) },
      },
    },
    async (request) =>
      listSuppressions(db, request.params.programId, { ...request.query, after: request.query.cursor }),
  );

  app.post(
    '/api/programs/:programId/suppressions',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags: ['messaging'],
        summary: 'Block an address by hand',
        params: ProgramParams,
        body: Type.Object({ channel: Channel, address: Type.String({ minLength: 3, maxLength: 320 }) }),
        response: { 201: Type.Object({ created: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const created = await db.transaction().execute(async (trx) => {
        const isNew = await suppressAddress(trx, clock, {
          programId,
          ...request.body,
          reason: 'manual',
          source: 'admin',
        });
        if (isNew) {
          await recordAudit(trx, clock, actorOf(request), {
            programId,
            action: 'suppression.created',
            entityType: 'suppression',
            entityId: `${request.body.channel}:${request.body.address}`,
            after: { ...request.body, reason: 'manual' },
          });
        }
        return isNew;
      });
      return reply.code(201).send({ created });
    },
  );

  app.delete(
    '/api/programs/:programId/suppressions/:channel/:address',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags: ['messaging'],
        summary: 'Lift a suppression (only with fresh consent from the person)',
        params: Type.Object({ programId: Uuid, channel: Channel, address: Type.String({ maxLength: 320 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId, channel, address } = request.params;
      await db.transaction().execute(async (trx) => {
        if (!(await unsuppressAddress(trx, programId, channel, address)))
          throw notFound('suppression', address);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'suppression.deleted',
          entityType: 'suppression',
          entityId: `${channel}:${address}`,
        });
      });
      return reply.code(204).send(null);
    },
  );
}
