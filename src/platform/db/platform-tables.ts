import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
export type Role = 'owner' | 'marketer' | 'agent' | 'partner' | 'viewer';

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface ProgramsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  default_locale: Generated<string>;
  default_region: Generated<string>;
  currency: Generated<string>;
  time_zone: Generated<string>;
  member_attribute_schema: ColumnType<Record<string, unknown>, string | undefined, string>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

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

export interface AuditLogTable {
  id: Generated<number>;
  program_id: string | null;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  ip: string | null;
  request_id: string | null;
  at: Timestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null>;
  created_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  program_id: string | null;
  type: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  state: ColumnType<
    'queued' | 'running' | 'done' | 'dead',
    'queued' | undefined,
    'queued' | 'running' | 'done' | 'dead'
  >;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  unique_key: string | null;
  last_error: string | null;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  created_at: Generated<Date>;
  finished_at: NullableTimestamp;
}

export interface PlatformTables {
  app_settings: AppSettingsTable;
  programs: ProgramsTable;
  admin_users: AdminUsersTable;
  program_roles: ProgramRolesTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  jobs: JobsTable;
}
