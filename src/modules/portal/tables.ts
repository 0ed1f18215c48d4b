import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

export interface PortalOtpsTable {
  id: Generated<string>;
  program_id: string;
  channel: 'email' | 'sms';
  /** Normalised e-mail or E.164 phone the code was asked for. */
  destination: string;
  /** Null when no member has this address: nothing is sent, but the answer looks the same. */
  member_id: string | null;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  ip: string | null;
  created_at: Timestamp;
}

export interface PortalSessionsTable {
  token_hash: string;
  program_id: string;
  member_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface PortalTables {
  portal_otps: PortalOtpsTable;
  portal_sessions: PortalSessionsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends PortalTables {}
}
