import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../../platform/db/platform-tables.ts';
import type { MessageChannel, MessagePurpose } from '../tables.ts';
import type { TemplateVariant } from './compile.ts';

export type StoredVariants = Partial<Record<'he' | 'fa' | 'en', TemplateVariant>>;

export interface MessageTemplatesTable {
  id: Generated<string>;
  program_id: string;
  /** Stable name code refers to ('double_opt_in', 'newsletter'); unique per program. */
  key: string;
  name: string;
  channel: MessageChannel;
  purpose: MessagePurpose;
  default_locale: string;
  variants: ColumnType<StoredVariants, string, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessageSenderProfilesTable {
  program_id: string;
  business_name: string;
  address: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  /** null: by the program's region (on for IL). */
  israeli_mode: boolean | null;
  updated_at: Timestamp;
}

export interface TemplateTables {
  message_templates: MessageTemplatesTable;
  message_sender_profiles: MessageSenderProfilesTable;
}

declare module '../../../platform/db/schema.ts' {
  interface DB extends TemplateTables {}
}
