// A channel adapter hands one rendered message to a provider. Adapters are siblings in this folder
// (smtp.ts, outbox.ts; SMS providers later) behind these interfaces.
import type { MessagePurpose } from '../tables.ts';

export interface OutgoingMessage {
  id: string;
  programId: string;
  programName: string;
  purpose: MessagePurpose;
  to: string;
  locale: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  unsubscribeUrl: string | null;
}

export type SendResult =
  /** The provider accepted it. */
  | { outcome: 'sent'; providerMessageId: string | null }
  /** No provider configured: the message stays in the outbox for people to read. */
  | { outcome: 'outbox' }
  /** The provider refused it for good (e.g. SMTP 5xx): retrying cannot help. */
  | { outcome: 'rejected'; error: string };

/** Transient failures (connection refused, SMTP 4xx) are thrown, and the job retries with backoff. */
export interface EmailChannel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
}

export interface SmsChannel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
}
