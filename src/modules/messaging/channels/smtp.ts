// E-mail through any SMTP server (SMTP_URL), with nodemailer. The Message-ID is derived from our message id,
// so if a crash lands between the server's acceptance and our status update, the one resend carries the
// same Message-ID and receiving systems can fold the duplicate.
import nodemailer from 'nodemailer';
import type { EmailChannel, OutgoingMessage, SendResult } from './channel.ts';

type Transport = ReturnType<typeof nodemailer.createTransport>;
const transports = new Map<string, Transport>();

function transportFor(smtpUrl: string): Transport {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl);
    transports.set(smtpUrl, transport);
  }
  return transport;
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

export function smtpChannel(smtpUrl: string, from: string): EmailChannel {
  const domain = from.split('@')[1] ?? 'moadon';
  return {
    name: 'smtp',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const headers: Record<string, string> = {};
      if (message.unsubscribeUrl) {
        // RFC 2369 + RFC 8058: mailbox providers show an unsubscribe button that POSTs to this URL.
        headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      try {
        const info = await transportFor(smtpUrl).sendMail({
          from: { name: message.programName, address: from },
          to: message.to,
          subject: message.subject ?? '',
          text: message.text,
          html: htmlDocument(message),
          messageId: `<${message.id}@${domain}>`,
          headers,
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
