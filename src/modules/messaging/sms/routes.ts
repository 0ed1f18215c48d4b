// SMS: the provider settings, the segment and cost estimate for a text, and the delivery receipts (Twilio's
// signed StatusCallback; a generic one authenticated by API key).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { Nullable, ProgramParams, StringEnum, Uuid } from '../../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../../audit/index.ts';
import { getProgram } from '../../programs/index.ts';
import { recordStatus } from '../service.ts';
import { verifyTwilioSignature } from './adapters.ts';
import { estimateSmsCost } from './segments.ts';
import { getSmsSettings, saveSmsSettings, twilioAuthToken, twilioStatusCallbackUrl } from './settings.ts';

const HttpUrl = Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' });

const SettingsView = Type.Object({
  provider: StringEnum(['outbox', 'webhook', 'twilio'] as const),
  sender: Nullable(Type.String()),
  webhookUrl: Nullable(Type.String()),
  twilioAccountSid: Nullable(Type.String()),
  twilioAuthTokenSet: Type.Boolean(),
  apiBaseUrl: Nullable(Type.String()),
  costPerSegmentMinor: Type.Integer(),
});

const SettingsInput = Type.Object(
  {
    provider: StringEnum(['outbox', 'webhook', 'twilio'] as const),
    sender: Type.Optional(
      Nullable(
        Type.String({ minLength: 2, maxLength: 20, pattern: '^(\\+[1-9]\\d{6,14}|[A-Za-z0-9 ]{2,11})$' }),
      ),
    ),
    webhookUrl: Type.Optional(Nullable(HttpUrl)),
    twilioAccountSid: Type.Optional(Nullable(Type.String({ pattern: '^AC[0-9a-fA-F]{32}$' }))),
    twilioAuthToken: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
    apiBaseUrl: Type.Optional(Nullable(HttpUrl)),
    costPerSegmentMinor: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);

type ReceiptStatus = 'delivered' | 'failed';

/** Applies a delivery receipt to the message the provider id names; returns whether one was found. */
async function applyReceipt(
  db: Db,
  clock: Clock,
  input: {
    programId: string;
    providerId?: string;
    messageId?: string;
    status: ReceiptStatus;
    detail: string;
  },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('messages')
      .select(['id', 'status'])
      .where('program_id', '=', input.programId)
      .where('channel', '=', 'sms');
    if (input.messageId) q = q.where('id', '=', input.messageId);
    else q = q.where('provider_message_id', '=', input.providerId ?? '');
    const message = await q.forUpdate().executeTakeFirst();
    if (!message) return false;
    // A late "delivered" never overrides a failure recorded after it, nor a message not sent by us yet.
    if (!['sent', 'delivered'].includes(message.status) || message.status === input.status) return true;
    await trx
      .updateTable('messages')
      .set({
        status: input.status,
        updated_at: clock.now(),
        ...(input.status === 'failed' ? { last_error: input.detail, failed_at: clock.now() } : {}),
      })
      .where('id', '=', message.id)
      .execute();
    await recordStatus(trx, clock, input.programId, message.id, input.status, input.detail);
    return true;
  });
}

export async function smsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;

  app.get(
    '/api/programs/:programId/sms-settings',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['messaging'],
        summary: 'The SMS provider (outbox until one is chosen) and the price of one SMS part',
        params: ProgramParams,
        response: {
          200: Type.Intersect([SettingsView, Type.Object({ twilioStatusCallbackUrl: Type.String() })]),
        },
      },
    },
    async (request) => ({
      ...(await getSmsSettings(db, request.params.programId)),
      twilioStatusCallbackUrl: twilioStatusCallbackUrl(config, request.params.programId),
    }),
  );

  app.put(
    '/api/programs/:programId/sms-settings',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags: ['messaging'],
        summary:
          'Choose the SMS provider; the Twilio auth token is write-only (omit it to keep the stored one)',
        params: ProgramParams,
        body: SettingsInput,
        response: { 200: SettingsView },
      },
    },
    async (request) => {
      const { programId } = request.params;
      const body = request.body;
      const before = await getSmsSettings(db, programId);
      const missing = (what: string) =>
        new AppError('invalid_sms_settings', 400, `The ${body.provider} provider needs ${what}`, {
          missing: what,
        });
      if (body.provider === 'webhook' && !body.webhookUrl) throw missing('webhookUrl');
      if (body.provider === 'twilio') {
        if (!body.twilioAccountSid) throw missing('twilioAccountSid');
        if (!body.sender) throw missing('sender');
        if (!body.twilioAuthToken && !before.twilioAuthTokenSet) throw missing('twilioAuthToken');
      }
      return db.transaction().execute(async (trx) => {
        const after = await saveSmsSettings({ db: trx, clock, config }, programId, body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'sms_settings.updated',
          entityType: 'sms_settings',
          entityId: programId,
          before: { ...before },
          after: { ...after },
        });
        return after;
      });
    },
  );

  app.post(
    '/api/programs/:programId/sms/estimate',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags: ['messaging'],
        summary: 'How many SMS parts a text is sent as (GSM-7 or UCS-2) and what it costs, before sending',
        params: ProgramParams,
        body: Type.Object({ text: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            encoding: StringEnum(['gsm7', 'ucs2'] as const),
            units: Type.Integer(),
            segments: Type.Integer(),
            perSegment: Type.Integer(),
            remaining: Type.Integer(),
            nonGsmCharacters: Type.Array(Type.String()),
            costPerSegmentMinor: Type.Integer(),
            costMinor: Type.Integer(),
            currency: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const { programId } = request.params;
      const [settings, program] = await Promise.all([
        getSmsSettings(db, programId),
        getProgram(db, programId),
      ]);
      return {
        ...estimateSmsCost(request.body.text, settings.costPerSegmentMinor),
        costPerSegmentMinor: settings.costPerSegmentMinor,
        currency: program.currency,
      };
    },
  );

  app.post(
    '/webhooks/sms/twilio/:programId/status',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['messaging'],
        summary: "Twilio's StatusCallback for SMS sent through it (signed: X-Twilio-Signature is checked)",
        params: ProgramParams,
        body: Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }), {
          maxProperties: 100,
        }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const params = request.body;
      const token = await twilioAuthToken({ db, clock, config }, programId).catch(() => null);
      const signature = request.headers['x-twilio-signature'];
      const url = twilioStatusCallbackUrl(config, programId);
      if (
        !token ||
        !verifyTwilioSignature(token, url, params, typeof signature === 'string' ? signature : undefined)
      ) {
        throw new AppError('invalid_signature', 403, 'The X-Twilio-Signature does not match this request');
      }
      const status = params.MessageStatus ?? params.SmsStatus;
      const final: ReceiptStatus | null =
        status === 'delivered'
          ? 'delivered'
          : status === 'undelivered' || status === 'failed'
            ? 'failed'
            : null;
      if (final && params.MessageSid) {
        const code = params.ErrorCode ? ` (error ${params.ErrorCode})` : '';
        await applyReceipt(db, clock, {
          programId,
          providerId: params.MessageSid,
          status: final,
          detail: `twilio: ${status}${code}`,
        });
      }
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhooks/sms/status',
    {
      config: { auth: { permission: 'messaging:inbound' } },
      schema: {
        tags: ['messaging'],
        summary: 'A delivery receipt from the generic SMS webhook provider',
        description:
          'Authenticate with an API key holding "messaging:inbound". Name the message by the provider id the ' +
          'send returned (id) or by our message id (messageId).',
        body: Type.Object(
          {
            id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            messageId: Type.Optional(Uuid),
            status: StringEnum(['delivered', 'failed', 'undelivered'] as const),
            error: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ found: Type.Boolean() }) },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'api_key')
        throw new AppError('forbidden', 403, 'This webhook takes an API key');
      const { id, messageId, status, error } = request.body;
      if (!id && !messageId)
        throw new AppError('invalid_delivery_receipt', 400, 'Name the message: id or messageId');
      const found = await applyReceipt(db, clock, {
        programId: principal.programId,
        ...(id ? { providerId: id } : {}),
        ...(messageId ? { messageId } : {}),
        status: status === 'delivered' ? 'delivered' : 'failed',
        detail: `sms-webhook: ${status}${error ? ` (${error})` : ''}`,
      });
      return { found };
    },
  );
}
