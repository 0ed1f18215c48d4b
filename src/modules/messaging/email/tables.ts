import type { Generated } from 'kysely';
import type { Timestamp } from '../../../platform/db/platform-tables.ts';
import type { MessagePurpose } from '../tables.ts';

export interface SendingDomainsTable {
  id: Generated<string>;
  program_id: string;
  domain: string;
  dkim_selector: string;
  dkim_public_key: string;
  dkim_private_key_sealed: string;
  created_at: Timestamp;
}

export interface EmailTransportsTable {
  program_id: string;
  /** 'marketing' or 'service' (transactional). */
  purpose: MessagePurpose;
  smtp_url_sealed: string;
  /** host:port, for people (the URL holds credentials and is sealed). */
  smtp_host: string;
  from_address: string;
  per_minute: number;
  burst: number;
  pool_size: number;
  /** The token bucket: tokens left at refilled_at. */
  tokens: number;
  refilled_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmailSettingsTable {
  program_id: string;
  track_opens: boolean;
  track_clicks: boolean;
  updated_at: Timestamp;
}

export interface MessageOpensTable {
  id: Generated<number>;
  program_id: string;
  message_id: string;
  at: Timestamp;
  machine: boolean;
  machine_reason: string | null;
}

export interface MessageClicksTable {
  id: Generated<number>;
  program_id: string;
  message_id: string;
  link_index: number;
  url: string;
  at: Timestamp;
  machine: boolean;
}

export interface EmailTables {
  sending_domains: SendingDomainsTable;
  email_transports: EmailTransportsTable;
  email_settings: EmailSettingsTable;
  message_opens: MessageOpensTable;
  message_clicks: MessageClicksTable;
}

declare module '../../../platform/db/schema.ts' {
  interface DB extends EmailTables {}
}
