// SMS provider adapters behind the one SmsChannel interface (channels/channel.ts): a generic HTTP webhook and
// Twilio's Messages API. A provider's refusal of this message (bad number, 4xx) is 'rejected'; a network error,
// 429 or 5xx is thrown, and the send job retries with backoff.
import crypto from 'node:crypto';
import type { OutgoingMessage, SendResult, SmsChannel } from '../channels/channel.ts';

export interface WebhookSmsOptions {
  url: string;
  sender: string | null;
  statusCallbackUrl: string;
}

class TransientSmsError extends Error {}

async function post(url: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the error
  }
  if (res.status === 429 || res.status >= 500) {
    throw new TransientSmsError(`SMS provider answered ${res.status}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, body };
}

const field = (body: unknown, name: string): string | null => {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
};

/** POSTs { to, from, text, messageId, statusCallbackUrl } as JSON; a 2xx with { id } is accepted. */
export function webhookSmsChannel(options: WebhookSmsOptions): SmsChannel {
  return {
    name: 'sms-webhook',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const { status, body } = await post(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.id },
        body: JSON.stringify({
          to: message.to,
          from: options.sender,
          text: message.text,
          messageId: message.id,
          statusCallbackUrl: options.statusCallbackUrl,
        }),
      });
      if (status >= 200 && status < 300) return { outcome: 'sent', providerMessageId: field(body, 'id') };
      return {
        outcome: 'rejected',
        error: `SMS webhook refused (${status}): ${JSON.stringify(body).slice(0, 300)}`,
      };
    },
  };
}

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  from: string;
  statusCallbackUrl: string;
  apiBaseUrl?: string | null | undefined;
}

/** Twilio Messages API: POST form-encoded To/From/Body/StatusCallback with Basic auth (SID:token). */
export function twilioSmsChannel(options: TwilioOptions): SmsChannel {
  const base = (options.apiBaseUrl || 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64');
  return {
    name: 'twilio',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const form = new URLSearchParams({
        To: message.to,
        From: options.from,
        Body: message.text,
        StatusCallback: options.statusCallbackUrl,
      });
      const { status, body } = await post(url, {
        method: 'POST',
        headers: { authorization: `Basic ${auth}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      if (status === 200 || status === 201) return { outcome: 'sent', providerMessageId: field(body, 'sid') };
      const code = field(body, 'code');
      return {
        outcome: 'rejected',
        error: `Twilio ${status}${code ? ` (error ${code})` : ''}: ${field(body, 'message') ?? 'refused'}`,
      };
    },
  };
}

/**
 * Twilio's request signature: base64 HMAC-SHA1, keyed by the auth token, of the full URL followed by every
 * POST parameter's name and value, sorted by name (https://www.twilio.com/docs/usage/security).
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
