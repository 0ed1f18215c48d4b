// Admin API for e-mail delivery: sending domains (with the DKIM record to publish and the deliverability
// check), SMTP transports per purpose, the tracking switches, and a message's opens and clicks.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DeliverabilityView,
  DomainView,
  SendPurpose as Purpose,
  Tracking,
  TransportView,
} from '../../../contracts/sending.ts';
import { IsoDateTime, ProgramParams, Uuid } from '../../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../../audit/index.ts';
import { getMessage } from '../service.ts';
import { deliverability } from './deliverability.ts';
import { addSendingDomain, getSendingDomain, listSendingDomains, removeSendingDomain } from './domains.ts';
import { messageEngagement, saveTrackingSettings, trackingSettings } from './engagement.ts';
import { listTransports, removeTransport, saveTransport } from './transports.ts';

const DomainParams = Type.Object({ programId: Uuid, domainId: Uuid });
const PurposeParams = Type.Object({ programId: Uuid, purpose: Purpose });

export async function emailRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = app.ctx;
  const { db, clock } = ctx;
  const read = { auth: { permission: 'messaging:read' as const } };
  const write = { auth: { permission: 'messaging:write' as const } };

  app.get(
    '/api/programs/:programId/sending-domains',
    {
      config: read,
      schema: {
        tags: ['messaging'],
        summary: 'Sending domains with the DKIM record to publish for each',
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(DomainView) }) },
      },
    },
    async (request) => ({ items: await listSendingDomains(db, request.params.programId) }),
  );

  app.post(
    '/api/programs/:programId/sending-domains',
    {
      config: write,
      schema: {
        tags: ['messaging'],
        summary: 'Add a sending domain: generates its DKIM key (publish the TXT record it returns)',
        params: ProgramParams,
        body: Type.Object(
          { domain: Type.String({ minLength: 3, maxLength: 253 }) },
          { additionalProperties: false },
        ),
        response: { 201: DomainView },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const domain = await db.transaction().execute(async (trx) => {
        const added = await addSendingDomain({ ...ctx, db: trx }, programId, request.body.domain);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'sending_domain.created',
          entityType: 'sending_domain',
          entityId: added.id,
          after: { domain: added.domain, selector: added.selector },
        });
        return added;
      });
      return reply.code(201).send(domain);
    },
  );

  app.delete(
    '/api/programs/:programId/sending-domains/:domainId',
    {
      config: write,
      schema: {
        tags: ['messaging'],
        summary: 'Remove a sending domain and its key (mail from it goes out unsigned)',
        params: DomainParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId, domainId } = request.params;
      await db.transaction().execute(async (trx) => {
        await removeSendingDomain(trx, programId, domainId);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'sending_domain.deleted',
          entityType: 'sending_domain',
          entityId: domainId,
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/programs/:programId/sending-domains/:domainId/deliverability',
    {
      config: read,
      schema: {
        tags: ['messaging'],
        summary: 'SPF, DKIM and DMARC as DNS has them now, and the complaint rate of the last 30 days',
        params: DomainParams,
        response: {
          200: DeliverabilityView,
        },
      },
    },
    async (request) => {
      const { programId, domainId } = request.params;
      return deliverability(db, clock, programId, await getSendingDomain(db, programId, domainId));
    },
  );

  app.get(
    '/api/programs/:programId/email-transports',
    {
      config: read,
      schema: {
        tags: ['messaging'],
        summary: 'SMTP servers for marketing and for transactional (service) mail, with their rate limits',
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(TransportView) }) },
      },
    },
    async (request) => ({ items: await listTransports(db, request.params.programId) }),
  );

  app.put(
    '/api/programs/:programId/email-transports/:purpose',
    {
      config: write,
      schema: {
        tags: ['messaging'],
        summary: 'Set the SMTP server for one kind of mail (the URL is kept sealed and never shown again)',
        params: PurposeParams,
        body: Type.Object(
          {
            smtpUrl: Type.String({ minLength: 8, maxLength: 2000 }),
            fromAddress: Type.String({ minLength: 3, maxLength: 320 }),
            perMinute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            burst: Type.Integer({ minimum: 1, maximum: 100_000 }),
            poolSize: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: TransportView },
      },
    },
    async (request) => {
      const { programId, purpose } = request.params;
      return db.transaction().execute(async (trx) => {
        const saved = await saveTransport({ ...ctx, db: trx }, programId, purpose, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'email_transport.saved',
          entityType: 'email_transport',
          entityId: purpose,
          after: {
            host: saved.host,
            fromAddress: saved.fromAddress,
            perMinute: saved.perMinute,
            burst: saved.burst,
          },
        });
        return saved;
      });
    },
  );

  app.delete(
    '/api/programs/:programId/email-transports/:purpose',
    {
      config: write,
      schema: {
        tags: ['messaging'],
        summary: 'Remove the SMTP server for one kind of mail (it falls back to SMTP_URL, or the outbox)',
        params: PurposeParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId, purpose } = request.params;
      await db.transaction().execute(async (trx) => {
        await removeTransport(trx, programId, purpose);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'email_transport.deleted',
          entityType: 'email_transport',
          entityId: purpose,
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/programs/:programId/email-tracking',
    {
      config: read,
      schema: {
        tags: ['messaging'],
        summary: 'Whether marketing e-mail tracks opens (pixel) and clicks (signed redirect links)',
        params: ProgramParams,
        response: { 200: Tracking },
      },
    },
    async (request) => trackingSettings(db, request.params.programId),
  );

  app.put(
    '/api/programs/:programId/email-tracking',
    {
      config: write,
      schema: {
        tags: ['messaging'],
        summary: 'Switch open and click tracking of marketing e-mail',
        params: ProgramParams,
        body: Type.Object(
          { trackOpens: Type.Boolean(), trackClicks: Type.Boolean() },
          { additionalProperties: false },
        ),
        response: { 200: Tracking },
      },
    },
    async (request) => {
      const { programId } = request.params;
      return db.transaction().execute(async (trx) => {
        const saved = await saveTrackingSettings(trx, clock, programId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'email_tracking.saved',
          entityType: 'email_settings',
          entityId: programId,
          after: saved,
        });
        return saved;
      });
    },
  );

  app.get(
    '/api/programs/:programId/messages/:messageId/engagement',
    {
      config: read,
      schema: {
        tags: ['messaging'],
        summary: 'Opens and clicks of one message (machine opens counted apart, not in opened)',
        params: Type.Object({ programId: Uuid, messageId: Uuid }),
        response: {
          200: Type.Object({
            opens: Type.Integer(),
            machineOpens: Type.Integer(),
            opened: Type.Boolean(),
            firstOpenedAt: Type.Union([IsoDateTime, Type.Null()]),
            clicks: Type.Array(
              Type.Object({
                linkIndex: Type.Integer(),
                url: Type.String(),
                clicks: Type.Integer(),
                machineClicks: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { programId, messageId } = request.params;
      await getMessage(db, programId, messageId); // 404 for a message of another program
      return messageEngagement(db, programId, messageId);
    },
  );
}
