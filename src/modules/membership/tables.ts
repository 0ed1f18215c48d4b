import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

export type ConsentChannel = 'email' | 'sms' | 'phone';
export type ConsentPurpose = 'marketing' | 'service';
export type ConsentStatus = 'granted' | 'withdrawn';
type Json<T> = ColumnType<T, string | undefined, string>;

export interface ListsTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  description: string | null;
  show_in_preferences: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  archived_at: NullableTimestamp;
}

export interface ListMembersTable {
  program_id: string;
  list_id: string;
  member_id: string;
  status: 'subscribed' | 'unsubscribed';
  source: string;
  source_ref: string | null;
  subscribed_at: Timestamp;
  unsubscribed_at: NullableTimestamp;
}

export interface MemberTagsTable {
  program_id: string;
  member_id: string;
  tag: string;
  created_at: Timestamp;
}

export interface ConsentRecordsTable {
  id: Generated<number>;
  program_id: string;
  member_id: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  /** form, import, api, pos, unsubscribe, preference_centre, sms_keyword, admin */
  source: string;
  /** The form id, import id, message id … the consent came through. */
  source_ref: string | null;
  text_shown: string | null;
  locale: string | null;
  ip: string | null;
  user_agent: string | null;
  evidence: Json<Record<string, unknown>>;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

/** A view: the newest consent record per member × channel × purpose. */
export interface CurrentConsentsView {
  program_id: string;
  member_id: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: string;
  record_id: number;
  recorded_at: Date;
}

export interface SignupFormsTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  status: Generated<'active' | 'archived'>;
  definition: Json<unknown>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FormSubmissionsTable {
  id: Generated<string>;
  program_id: string;
  form_id: string;
  member_id: string | null;
  status: 'pending' | 'confirmed' | 'subscribed' | 'expired';
  email: string | null;
  phone: string | null;
  member_input: Json<Record<string, unknown>>;
  consents: Json<unknown>;
  locale: string;
  ip: string | null;
  user_agent: string | null;
  submitted_at: Timestamp;
  expires_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  confirm_ip: string | null;
  confirm_user_agent: string | null;
}

export interface MembershipTables {
  lists: ListsTable;
  list_members: ListMembersTable;
  member_tags: MemberTagsTable;
  consent_records: ConsentRecordsTable;
  current_consents: CurrentConsentsView;
  signup_forms: SignupFormsTable;
  form_submissions: FormSubmissionsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends MembershipTables {}
}
