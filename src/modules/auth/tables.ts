import type { Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from '../../platform/db/platform-tables.ts';

import type { Role } from '../../contracts/permissions.ts';

export type { Role };

export interface AdminUsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  locale: Generated<string>;
  created_at: Generated<Date>;
  disabled_at: NullableTimestamp;
  /** May create new programs (installation-wide; the first admin and program owners). */
  may_create_programs: Generated<boolean>;
}

export interface ProgramRolesTable {
  program_id: string;
  admin_user_id: string;
  role: Role;
  partner_id: string | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  token_hash: string;
  admin_user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<string>;
  program_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  permissions: string[];
  /** Bound to this partner: sees and changes only its purchases (like a partner user). */
  partner_id: Generated<string | null>;
  /** Bound to this store (a till): only store-scoped routes, acting as this store. */
  store_id: Generated<string | null>;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: Timestamp;
  /** The known device (its cookie's id) the attempt came from; null for an unknown browser. */
  device: string | null;
}

export interface AuthTables {
  admin_users: AdminUsersTable;
  program_roles: ProgramRolesTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_attempts: LoginAttemptsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends AuthTables {}
}
