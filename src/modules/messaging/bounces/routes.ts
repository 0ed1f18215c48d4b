// Inbound bounce and complaint reports (raw e-mail, Amazon SES/SNS, a generic JSON webhook), authenticated by
// an API key holding "messaging:inbound"; and the admin's view of the reports and the soft-bounce policy.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../platform/http/errors.ts';
import { Page, ProgramParams, StringEnum } from '../../../platform/http/schemas.ts';
import { BounceEventView } from './schemas.ts';
import { actorOf, recordAudit } from '../../audit/index.ts';
import { parseReturnedMail } from './parse.ts';
import { listBounceEvents } from './queries.ts';
import { fingerprintOf, recordReturnedMail, type ComplaintHandler } from './service.ts';
import { getBounceSettings, saveBounceSettings } from './settings.ts';
import { isSnsEnvelope, SnsSignatureError, verifySnsMessage } from './sns-signature.ts';
import { NotificationError, parseGenericNotification, parseSesNotification, unwrapSns } from './webhooks.ts';

const MAX_RAW_BYTES = 10 * 1024 * 1024;

const Outcome = Type.Object({
  eventId: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  type: StringEnum(['bounce', 'complaint', 'auto_reply', 'not_a_report'] as const),
  severity: Type.Union([StringEnum(['hard', 'soft', 'none'] as const), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  decision: Type.String(),
  messageId: Type.Union([Type.String(), Type.Null()]),
  duplicate: Type.Boolean(),
});
const Outcomes = Type.Object({ outcomes: Type.Array(Outcome) });

const Settings = Type.Object(
  {
    softBounceLimit: Type.Integer({ minimum: 1, maximum: 100 }),
    softBounceWindowDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  { additionalProperties: false },
);

const inboundDescription =
  'Authenticate with an API key holding "messaging:inbound" (Bearer, or Basic with the key as user name).';

function programOf(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal?.kind !== 'api_key') throw new AppError('forbidden', 403, 'This webhook takes an API key');
  return principal.programId;
}

export interface BounceRouteOptions {
  onComplaint?: ComplaintHandler | undefined;
}

export function bounceRoutesWith(options: BounceRouteOptions) {
  return async function bounceRoutes(fastify: FastifyInstance) {
    const { db, clock } = fastify.ctx;
    const deps = { db, clock, onComplaint: options.onComplaint };

    // The raw e-mail: its own context, where text/plain and message/rfc822 bodies are kept as bytes.
    await fastify.register(async (raw) => {
      const app = raw.withTypeProvider<TypeBoxTypeProvider>();
      app.removeContentTypeParser('text/plain');
      app.addContentTypeParser(
        ['message/rfc822', 'text/plain', 'application/octet-stream'],
        { parseAs: 'buffer', bodyLimit: MAX_RAW_BYTES },
        (_request, body, done) => done(null, (body as Buffer).toString('latin1')),
      );
      app.post(
        '/webhooks/bounces/email',
        {
          bodyLimit: MAX_RAW_BYTES,
          config: { auth: { permission: 'messaging:inbound' } },
          schema: {
            tags: ['messaging'],
            summary: 'A returned e-mail (bounce, complaint or auto-reply) as its raw RFC 822 source',
            description:
              `${inboundDescription} Send the message as the body with Content-Type message/rfc822. RFC 3464 ` +
              'delivery reports, RFC 5965 complaints and the plain-text notices of Exim, qmail and Yahoo are ' +
              'read; auto-replies are recorded and ignored.',
            body: Type.String({ maxLength: MAX_RAW_BYTES }),
            response: { 200: Outcomes },
          },
        },
        async (request) => {
          const programId = programOf(request);
          const source = Buffer.from(request.body, 'latin1');
          const report = await parseReturnedMail(source);
          const result = await recordReturnedMail(deps, {
            programId,
            source: 'http',
            reportId: fingerprintOf(source),
            report,
          });
          return { outcomes: result.outcomes };
        },
      );
    });

    await fastify.register(async (json) => {
      const app = json.withTypeProvider<TypeBoxTypeProvider>();
      // SNS posts its JSON as text/plain.
      app.removeContentTypeParser('text/plain');
      app.addContentTypeParser(
        'text/plain',
        { parseAs: 'string' },
        app.getDefaultJsonParser('error', 'error'),
      );

      app.post(
        '/webhooks/bounces/ses',
        {
          config: { auth: { permission: 'messaging:inbound' } },
          schema: {
            tags: ['messaging'],
            summary:
              'Amazon SES bounce and complaint notifications (SNS HTTPS subscription, or the bare JSON)',
            description:
              `${inboundDescription} With SNS, put the key in the endpoint URL as Basic credentials ` +
              '(https://KEY@host/webhooks/bounces/ses). Every SNS message must carry a valid SNS signature ' +
              '(certificate on an sns.<region>.amazonaws.com https URL), else 403 sns_signature_invalid. A ' +
              'signed SubscriptionConfirmation is answered with its SubscribeURL (an SNS https URL), which you ' +
              'open once to confirm; nothing is fetched from it by us.',
            body: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 }),
            response: {
              200: Type.Intersect([
                Outcomes,
                Type.Object({ subscribeUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
              ]),
            },
          },
        },
        async (request) => {
          const programId = programOf(request);
          const body = request.body as Record<string, unknown>;
          if (isSnsEnvelope(body)) {
            try {
              await verifySnsMessage(body);
            } catch (e) {
              if (e instanceof SnsSignatureError) throw new AppError('sns_signature_invalid', 403, e.message);
              throw e;
            }
          }
          let unwrapped;
          try {
            unwrapped = unwrapSns(body);
          } catch (e) {
            if (e instanceof NotificationError)
              throw new AppError('invalid_bounce_notification', 400, e.message);
            throw e;
          }
          if (unwrapped.kind === 'subscription') {
            request.log.info({ subscribeUrl: unwrapped.subscribeUrl }, 'SNS subscription to confirm');
            return { outcomes: [], subscribeUrl: unwrapped.subscribeUrl };
          }
          const report = parseSesNotification(unwrapped.message);
          const ids = [
            body.MessageId,
            obj(unwrapped.message.bounce).feedbackId,
            obj(unwrapped.message.complaint).feedbackId,
          ];
          const reportId =
            ids.find((v): v is string => typeof v === 'string') ?? fingerprintOf(JSON.stringify(body));
          const result = await recordReturnedMail(deps, { programId, source: 'ses', reportId, report });
          return { outcomes: result.outcomes };
        },
      );

      app.post(
        '/webhooks/bounces/generic',
        {
          config: { auth: { permission: 'messaging:inbound' } },
          schema: {
            tags: ['messaging'],
            summary: 'A bounce or complaint from any provider, in our JSON shape',
            description:
              `${inboundDescription} Hard or soft is decided from status/diagnostic as for e-mail reports. ` +
              'messageId is our message id (X-Moadon-Message) or the Message-ID of the message concerned.',
            body: Type.Object(
              {
                type: StringEnum(['bounce', 'complaint'] as const),
                email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' }),
                status: Type.Optional(Type.String({ maxLength: 20 })),
                smtpCode: Type.Optional(Type.Integer({ minimum: 200, maximum: 599 })),
                diagnostic: Type.Optional(Type.String({ maxLength: 2000 })),
                messageId: Type.Optional(Type.String({ maxLength: 998 })),
                feedbackType: Type.Optional(Type.String({ maxLength: 64 })),
                reportingMta: Type.Optional(Type.String({ maxLength: 255 })),
                provider: Type.Optional(Type.String({ maxLength: 100 })),
                eventId: Type.Optional(Type.String({ maxLength: 200 })),
              },
              { additionalProperties: false },
            ),
            response: { 200: Outcomes },
          },
        },
        async (request) => {
          const programId = programOf(request);
          const report = parseGenericNotification(request.body);
          const reportId = request.body.eventId ?? fingerprintOf(JSON.stringify(request.body));
          const result = await recordReturnedMail(deps, { programId, source: 'webhook', reportId, report });
          return { outcomes: result.outcomes };
        },
      );

      app.get(
        '/api/programs/:programId/bounces',
        {
          config: { auth: { permission: 'messaging:read' } },
          schema: {
            tags: ['messaging'],
            summary: 'Bounce and complaint reports received, newest first, with the parsed evidence',
            params: ProgramParams,
            querystring: Type.Object({
              address: Type.Optional(Type.String({ maxLength: 320 })),
              type: Type.Optional(StringEnum(['bounce', 'complaint', 'auto_reply', 'not_a_report'] as const)),
              messageId: Type.Optional(Type.String({ format: 'uuid' })),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
              cursor: Type.Optional(Type.String({ maxLength: 200 })),
            }),
            response: { 200: Page(BounceEventView) },
          },
        },
        async (request) => listBounceEvents(db, request.params.programId, request.query),
      );

      app.get(
        '/api/programs/:programId/bounce-settings',
        {
          config: { auth: { permission: 'messaging:read' } },
          schema: {
            tags: ['messaging'],
            summary: 'The soft-bounce policy: suppress after this many soft bounces within this many days',
            params: ProgramParams,
            response: { 200: Settings },
          },
        },
        async (request) => getBounceSettings(db, request.params.programId),
      );

      app.put(
        '/api/programs/:programId/bounce-settings',
        {
          config: { auth: { permission: 'messaging:write' } },
          schema: {
            tags: ['messaging'],
            summary: 'Change the soft-bounce policy',
            params: ProgramParams,
            body: Settings,
            response: { 200: Settings },
          },
        },
        async (request) => {
          const { programId } = request.params;
          return db.transaction().execute(async (trx) => {
            const before = await getBounceSettings(trx, programId);
            const after = await saveBounceSettings(trx, clock, programId, request.body);
            await recordAudit(trx, clock, actorOf(request), {
              programId,
              action: 'bounce_settings.updated',
              entityType: 'bounce_settings',
              entityId: programId,
              before: { ...before },
              after: { ...after },
            });
            return after;
          });
        },
      );
    });
  };
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
