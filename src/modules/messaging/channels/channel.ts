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
  /** E-mail only: who it is from and how it is signed (see email/prepare.ts). */
  email?: EmailEnvelope | undefined;
}

export interface EmailEnvelope {
  /** The From address (the program's name is its display name). */
  from: string;
  /** The envelope sender (MAIL FROM, Return-Path): per message, so a bounce names its message (VERP). */
  returnPath: string | null;
  /** mailto: for List-Unsubscribe next to the https one-click URL. */
  unsubscribeMailto: string | null;
  /** The key of the From domain, when it is a sending domain of the program. */
  dkim: { domainName: string; keySelector: string; privateKey: string } | null;
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
