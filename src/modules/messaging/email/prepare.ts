// What an e-mail needs besides its content, decided just before it is handed to SMTP: the transport for its
// purpose (and a token from that transport's rate limit), the From address, the per-message envelope sender
// (VERP), the mailto for List-Unsubscribe, the DKIM key of the From domain, and — for marketing mail when the
// program tracks — the HTML with tracked links and the open pixel.
import type { JobContext } from '../../../platform/jobs/index.ts';
import { JobDeferred } from '../../../platform/jobs/index.ts';
import { getSigningSecret } from '../../../platform/secret.ts';
import type { EmailChannel, EmailEnvelope } from '../channels/channel.ts';
import { outboxChannel } from '../channels/outbox.ts';
import { htmlDocument, smtpChannel } from '../channels/smtp.ts';
import type { MessagePurpose } from '../tables.ts';
import { dkimSigningFor } from './domains.ts';
import { trackingSettings } from './engagement.ts';
import { rewriteLinks } from './tracking.ts';
import { resolveTransport, takeSendToken } from './transports.ts';
import { returnPathFor, unsubscribeMailtoFor } from './verp.ts';

interface EmailMessage {
  id: string;
  programId: string;
  purpose: MessagePurpose;
}

/**
 * The channel for this message: the program's transport for its purpose, else SMTP_URL, else the outbox.
 * Throws JobDeferred when the transport's rate limit has no token left (the job comes back when one is due).
 */
export async function emailChannelFor(
  ctx: JobContext,
  message: EmailMessage,
): Promise<{ channel: EmailChannel; from: string }> {
  const transport = await resolveTransport(ctx, message.programId, message.purpose);
  if (!transport) return { channel: outboxChannel, from: ctx.config.mailFrom ?? 'no-reply@localhost' };
  if (transport.source === 'program') {
    const retryAt = await takeSendToken(ctx, message.programId, message.purpose);
    if (retryAt) throw new JobDeferred(retryAt, `rate limit of the ${message.purpose} transport`);
  }
  return {
    channel: smtpChannel({ url: transport.url, from: transport.from, poolSize: transport.poolSize }),
    from: transport.from,
  };
}

export async function emailEnvelopeFor(
  ctx: Pick<JobContext, 'db' | 'clock' | 'config'>,
  message: EmailMessage & { unsubscribeUrl: string | null },
  from: string,
): Promise<EmailEnvelope> {
  const domain = from.split('@').pop()!.toLowerCase();
  return {
    from,
    returnPath: returnPathFor(message.id, domain),
    unsubscribeMailto:
      message.purpose === 'marketing' && message.unsubscribeUrl
        ? unsubscribeMailtoFor(message.id, domain)
        : null,
    dkim: await dkimSigningFor(ctx, message.programId, from),
  };
}

/** The HTML as sent: for marketing mail of a program that tracks, with tracked links and the open pixel. */
export async function trackedHtml(
  ctx: Pick<JobContext, 'db' | 'config'>,
  message: EmailMessage & {
    locale: string | null;
    subject: string | null;
    text: string;
    html: string | null;
    unsubscribeUrl: string | null;
  },
): Promise<string | null> {
  if (message.purpose !== 'marketing' || !ctx.config.publicUrl) return message.html;
  const settings = await trackingSettings(ctx.db, message.programId);
  if (!settings.trackOpens && !settings.trackClicks) return message.html;
  return rewriteLinks(htmlDocument(message), message, {
    baseUrl: ctx.config.publicUrl,
    secret: await getSigningSecret(ctx.db, ctx.config.secret),
    opens: settings.trackOpens,
    clicks: settings.trackClicks,
    keep: message.unsubscribeUrl ? [message.unsubscribeUrl] : [],
  });
}
