// Messaging's send path for campaign rows: the campaign renders each member's message and hands it here; this
// file picks the channel (the program's marketing transport with its rate limit, SMTP_URL, or the outbox), builds
// the envelope (VERP, List-Unsubscribe, DKIM), tracks links, sends, and says what became of it. Nothing is
// written here: the campaign closes its rows in batches (campaign-rows.ts). What is looked up once per campaign
// run (transport, tracking settings, signing secret, DKIM keys) is kept by the sender.
import type { JobContext } from '../../platform/jobs/index.ts';
import { getSigningSecret } from '../../platform/secret.ts';
import type { CampaignOutcome } from './campaign-rows.ts';
import type { EmailChannel, EmailEnvelope, SmsChannel } from './channels/channel.ts';
import { outboxChannel } from './channels/outbox.ts';
import { htmlDocument, smtpChannel } from './channels/smtp.ts';
import { dkimSigningFor } from './email/domains.ts';
import { trackingSettings } from './email/engagement.ts';
import { rewriteLinks } from './email/tracking.ts';
import { resolveTransport, takeSendTokens } from './email/transports.ts';
import { returnPathFor, unsubscribeMailtoFor } from './email/verp.ts';
import { smsChannelFor } from './sms/settings.ts';
import { normaliseAddress, suppressedAmong } from './suppressions.ts';
import type { MessageChannel } from './tables.ts';

export interface CampaignDelivery {
  /** The message row's id (Message-ID, VERP, tracking). */
  id: string;
  to: string;
  locale: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  unsubscribeUrl: string | null;
  /** The variant's sender, replacing the program's name and the transport's From address. */
  fromName?: string | null | undefined;
  fromAddress?: string | null | undefined;
}

/** A campaign outcome, or a transient refusal (SMTP 421/450/451, HTTP 429, a dropped connection) to retry. */
export type DeliveryResult = CampaignOutcome | { status: 'transient'; error: string };

export interface CampaignSender {
  readonly channelName: string;
  /** How many messages to keep in flight: twice the transport's pooled connections (one waiting per connection). */
  readonly parallel: number;
  /**
   * Which of a batch's addresses are suppressed now (a bounce or an unsubscribe since the rows were recorded),
   * in one query: the batch does not send to them.
   */
  blockedAmong(addresses: readonly string[]): Promise<(address: string) => boolean>;
  /**
   * Takes up to `wanted` tokens from the transport's rate limit: how many messages may go now, and when the next
   * token is due when that is fewer than wanted (null: no limit).
   */
  reserve(wanted: number): Promise<{ granted: number; retryAt: Date | null }>;
  deliver(message: CampaignDelivery): Promise<DeliveryResult>;
}

export async function campaignSender(
  ctx: JobContext,
  programId: string,
  channel: MessageChannel,
): Promise<CampaignSender> {
  const purpose = 'marketing';
  const program = await ctx.db
    .selectFrom('programs')
    .select('name')
    .where('id', '=', programId)
    .executeTakeFirstOrThrow();
  let adapter: EmailChannel | SmsChannel;
  let from = ctx.config.mailFrom ?? 'no-reply@localhost';
  let limited = false;
  let connections = 4;
  if (channel === 'email') {
    const transport = await resolveTransport(ctx, programId, purpose);
    adapter = transport
      ? smtpChannel({ url: transport.url, from: transport.from, poolSize: transport.poolSize })
      : outboxChannel;
    if (transport) from = transport.from;
    if (transport) connections = transport.poolSize;
    limited = transport?.source === 'program';
  } else {
    adapter = await smsChannelFor(ctx, programId);
  }
  const tracking = await trackingSettings(ctx.db, programId);
  const tracked = Boolean(ctx.config.publicUrl) && (tracking.trackOpens || tracking.trackClicks);
  const secret = tracked ? await getSigningSecret(ctx.db, ctx.config.secret) : null;
  const dkimByFrom = new Map<string, Promise<EmailEnvelope['dkim']>>();
  const dkimFor = (address: string) => {
    let key = dkimByFrom.get(address);
    if (!key) dkimByFrom.set(address, (key = dkimSigningFor(ctx, programId, address)));
    return key;
  };

  return {
    channelName: adapter.name,
    parallel: Math.max(2, connections * 2),
    async blockedAmong(addresses) {
      const blocked = await suppressedAmong(ctx.db, programId, channel, addresses, purpose);
      return (address) => blocked.has(normaliseAddress(channel, address));
    },
    async reserve(wanted) {
      if (!limited || wanted === 0) return { granted: wanted, retryAt: null };
      return takeSendTokens(ctx, programId, purpose, wanted);
    },
    async deliver(message) {
      let envelope: EmailEnvelope | undefined;
      let html = message.html;
      if (channel === 'email' && adapter !== outboxChannel) {
        const sender = message.fromAddress ?? from;
        const domain = sender.split('@').pop()!.toLowerCase();
        envelope = {
          from: sender,
          returnPath: returnPathFor(message.id, domain),
          unsubscribeMailto: message.unsubscribeUrl ? unsubscribeMailtoFor(message.id, domain) : null,
          dkim: await dkimFor(sender),
        };
        if (tracked && secret) {
          html = rewriteLinks(htmlDocument(message), message, {
            baseUrl: ctx.config.publicUrl!,
            secret,
            opens: tracking.trackOpens,
            clicks: tracking.trackClicks,
            keep: message.unsubscribeUrl ? [message.unsubscribeUrl] : [],
          });
        }
      }
      try {
        const result = await adapter.send({
          id: message.id,
          programId,
          programName: message.fromName ?? program.name,
          purpose,
          to: message.to,
          locale: message.locale,
          subject: message.subject,
          text: message.text,
          html,
          unsubscribeUrl: message.unsubscribeUrl,
          email: envelope,
        });
        if (result.outcome === 'sent') return { status: 'sent', providerMessageId: result.providerMessageId };
        if (result.outcome === 'outbox') return { status: 'outbox' };
        return { status: 'failed', reason: 'provider_refusal', error: result.error };
      } catch (error) {
        return { status: 'transient', error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
