// The events the messaging module publishes on the platform's bus (platform/events), each in the transaction
// of the status change: a message handed to its provider, a bounce or a spam complaint recorded for an address
// we sent to. Payloads carry ids and classifications, never addresses or content (the outbox is kept).
declare module '../../platform/events/types.ts' {
  interface EventPayloads {
    'message.sent': {
      messageId: string;
      channel: 'email' | 'sms';
      kind: string;
      purpose: 'marketing' | 'service';
    };
    'message.bounced': {
      /** The message it answered, when the report could be matched to one (VERP, Message-ID). */
      messageId: string | null;
      /** The stored report (bounce_events) with its parsed fields. */
      bounceEventId: string;
      severity: 'hard' | 'soft';
      reason: string;
      /** What was done: counted (soft, under the limit), suppressed, already_suppressed. */
      decision: string;
    };
    'message.complained': { messageId: string | null; bounceEventId: string; feedbackType: string | null };
  }
}

export {};
