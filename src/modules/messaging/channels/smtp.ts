// E-mail through any SMTP server, with nodemailer, over a pool of connections per server. The Message-ID is
// derived from our message id, so if a crash lands between the server's acceptance and our status update, the
// one resend carries the same Message-ID and receiving systems can fold the duplicate. Each message is
// DKIM-signed with its From domain's key (the signature covers List-Unsubscribe and List-Unsubscribe-Post, as
// RFC 8058 requires for one-click), and goes out with its own envelope sender (VERP) so bounces match it.
import nodemailer from 'nodemailer';
import { SIGNED_HEADERS } from '../email/dkim.ts';
import type { EmailChannel, OutgoingMessage, SendResult } from './channel.ts';

type Transport = ReturnType<typeof nodemailer.createTransport>;
const transports = new Map<string, Transport>();

export interface SmtpOptions {
  url: string;
  /** The From address when the message does not name one. */
  from: string;
  /** Connections kept open to the server (default 5). */
  poolSize?: number | undefined;
}

function transportFor(options: SmtpOptions): Transport {
  const poolSize = options.poolSize ?? 5;
  const key = `${poolSize} ${options.url}`;
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({ url: options.url, pool: true, maxConnections: poolSize });
    // A pooled connection that drops while idle is replaced by the pool; a failed send reaches sendMail's
    // caller. Nothing is left for an 'error' event to report, and unheard it would end the process.
    transport.on('error', () => {});
    transports.set(key, transport);
  }
  return transport;
}

/** Closes every pooled connection (shutdown, end of a test file). */
export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

const RTL_LOCALES = new Set(['he', 'fa', 'ar', 'ur', 'yi']);

export function directionOf(locale: string | null | undefined): 'rtl' | 'ltr' {
  return locale && RTL_LOCALES.has(locale.split('-')[0]!) ? 'rtl' : 'ltr';
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A complete HTML document with lang and dir, so Hebrew and Persian mail reads right to left. */
export function htmlDocument(message: Pick<OutgoingMessage, 'html' | 'text' | 'locale' | 'subject'>): string {
  const dir = directionOf(message.locale);
  const lang = escapeHtml(message.locale ?? 'en');
  if (message.html && /^\s*(<!doctype|<html)/i.test(message.html)) return message.html;
  const body =
    message.html ??
    message.text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
  return (
    `<!doctype html>\n<html lang="${lang}" dir="${dir}">\n<head><meta charset="utf-8">` +
    `<title>${escapeHtml(message.subject ?? '')}</title></head>\n` +
    `<body dir="${dir}" style="text-align:${dir === 'rtl' ? 'right' : 'left'}">\n${body}\n</body>\n</html>`
  );
}

/** RFC 2369 List-Unsubscribe: the https one-click URL first (RFC 8058), then the mailto. */
export function listUnsubscribeHeaders(
  unsubscribeUrl: string | null,
  mailto: string | null,
): Record<string, string> {
  if (!unsubscribeUrl) return {};
  const targets = [unsubscribeUrl, ...(mailto ? [mailto] : [])].map((t) => `<${t}>`).join(', ');
  return { 'List-Unsubscribe': targets, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function smtpChannel(options: SmtpOptions): EmailChannel {
  return {
    name: 'smtp',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const from = message.email?.from ?? options.from;
      const domain = from.split('@')[1] ?? 'moadon';
      const returnPath = message.email?.returnPath ?? null;
      const dkim = message.email?.dkim ?? null;
      try {
        const info = await transportFor(options).sendMail({
          from: { name: message.programName, address: from },
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          html: htmlDocument(message),
          messageId: `<${message.id}@${domain}>`,
          headers: listUnsubscribeHeaders(message.unsubscribeUrl, message.email?.unsubscribeMailto ?? null),
          ...(returnPath ? { envelope: { from: returnPath, to: message.to } } : {}),
          ...(dkim ? { dkim: { ...dkim, headerFieldNames: SIGNED_HEADERS } } : {}),
        });
        return { outcome: 'sent', providerMessageId: info.messageId ?? null };
      } catch (error) {
        const e = error as { permanent?: boolean; responseCode?: number; message?: string };
        if (e.permanent || (e.responseCode && e.responseCode >= 500)) {
          return { outcome: 'rejected', error: `SMTP ${e.responseCode}: ${e.message ?? 'rejected'}` };
        }
        throw error;
      }
    },
  };
}
