// Which SMS provider a program sends through (outbox until one is chosen), and the price of one SMS part for
// the estimate shown before sending. The Twilio auth token is sealed at rest and never returned.
import type { Config } from '../../../config.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { seal, unseal } from '../../../platform/sealed.ts';
import type { SmsChannel } from '../channels/channel.ts';
import { outboxChannel } from '../channels/outbox.ts';
import { twilioSmsChannel, webhookSmsChannel } from './adapters.ts';
import type { SmsProvider } from './tables.ts';

const TOKEN_PURPOSE = 'twilio-auth-token';

export interface SmsSettingsView {
  provider: SmsProvider;
  sender: string | null;
  webhookUrl: string | null;
  twilioAccountSid: string | null;
  twilioAuthTokenSet: boolean;
  apiBaseUrl: string | null;
  costPerSegmentMinor: number;
}

export interface SmsSettingsInput {
  provider: SmsProvider;
  sender?: string | null | undefined;
  webhookUrl?: string | null | undefined;
  twilioAccountSid?: string | null | undefined;
  /** Omitted: keep the stored one. */
  twilioAuthToken?: string | undefined;
  apiBaseUrl?: string | null | undefined;
  costPerSegmentMinor: number;
}

type Ctx = { db: Db; clock: Clock; config: Partial<Config> };

async function row(db: Db, programId: string) {
  return db.selectFrom('sms_settings').selectAll().where('program_id', '=', programId).executeTakeFirst();
}

export async function getSmsSettings(db: Db, programId: string): Promise<SmsSettingsView> {
  const r = await row(db, programId);
  return {
    provider: r?.provider ?? 'outbox',
    sender: r?.sender ?? null,
    webhookUrl: r?.webhook_url ?? null,
    twilioAccountSid: r?.twilio_account_sid ?? null,
    twilioAuthTokenSet: !!r?.twilio_auth_token_sealed,
    apiBaseUrl: r?.api_base_url ?? null,
    costPerSegmentMinor: r?.cost_per_segment_minor ?? 0,
  };
}

export async function saveSmsSettings(ctx: Ctx, programId: string, input: SmsSettingsInput) {
  const sealed =
    input.twilioAuthToken !== undefined
      ? await seal(ctx.db, ctx.config.secret, TOKEN_PURPOSE, input.twilioAuthToken)
      : ((await row(ctx.db, programId))?.twilio_auth_token_sealed ?? null);
  const values = {
    provider: input.provider,
    sender: input.sender ?? null,
    webhook_url: input.webhookUrl ?? null,
    twilio_account_sid: input.twilioAccountSid ?? null,
    twilio_auth_token_sealed: sealed,
    api_base_url: input.apiBaseUrl ?? null,
    cost_per_segment_minor: input.costPerSegmentMinor,
    updated_at: ctx.clock.now(),
  };
  await ctx.db
    .insertInto('sms_settings')
    .values({ program_id: programId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
  return getSmsSettings(ctx.db, programId);
}

/** The Twilio auth token, for checking the signature of its callbacks; null when none is set. */
export async function twilioAuthToken(ctx: Ctx, programId: string): Promise<string | null> {
  const r = await row(ctx.db, programId);
  if (!r?.twilio_auth_token_sealed) return null;
  return unseal(ctx.db, ctx.config.secret, TOKEN_PURPOSE, r.twilio_auth_token_sealed);
}

const publicBase = (config: Partial<Config>) =>
  (config.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '');

export const twilioStatusCallbackUrl = (config: Partial<Config>, programId: string) =>
  `${publicBase(config)}/webhooks/sms/twilio/${programId}/status`;

export const smsStatusCallbackUrl = (config: Partial<Config>) => `${publicBase(config)}/webhooks/sms/status`;

/** The adapter a program's SMS go through; the outbox when none is configured (or it is incomplete). */
export async function smsChannelFor(ctx: Ctx, programId: string): Promise<SmsChannel> {
  const r = await row(ctx.db, programId);
  if (r?.provider === 'webhook' && r.webhook_url) {
    return webhookSmsChannel({
      url: r.webhook_url,
      sender: r.sender,
      statusCallbackUrl: smsStatusCallbackUrl(ctx.config),
    });
  }
  if (r?.provider === 'twilio' && r.twilio_account_sid && r.twilio_auth_token_sealed && r.sender) {
    return twilioSmsChannel({
      accountSid: r.twilio_account_sid,
      authToken: await unseal(ctx.db, ctx.config.secret, TOKEN_PURPOSE, r.twilio_auth_token_sealed),
      from: r.sender,
      statusCallbackUrl: twilioStatusCallbackUrl(ctx.config, programId),
      apiBaseUrl: r.api_base_url,
    });
  }
  return outboxChannel;
}
