import type { Timestamp } from '../../../platform/db/platform-tables.ts';

export type SmsProvider = 'outbox' | 'webhook' | 'twilio';

export interface SmsSettingsTable {
  program_id: string;
  provider: SmsProvider;
  /** The sender: a phone number in E.164 or an alphanumeric sender id. */
  sender: string | null;
  webhook_url: string | null;
  twilio_account_sid: string | null;
  twilio_auth_token_sealed: string | null;
  /** Twilio's API (https://api.twilio.com) unless a compatible one is used. */
  api_base_url: string | null;
  cost_per_segment_minor: number;
  updated_at: Timestamp;
}

declare module '../../../platform/db/schema.ts' {
  interface DB {
    sms_settings: SmsSettingsTable;
  }
}
