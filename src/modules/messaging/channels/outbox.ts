// The adapter used when no provider is configured (SMTP_URL unset, no SMS provider): nothing leaves the
// machine; the message row is kept with status 'outbox' and can be read through the API.
import type { EmailChannel, SendResult, SmsChannel } from './channel.ts';

export const outboxChannel: EmailChannel & SmsChannel = {
  name: 'outbox',
  send: async (): Promise<SendResult> => ({ outcome: 'outbox' }),
};
