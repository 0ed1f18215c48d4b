import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../platform/db/platform-tables.ts';

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

export interface AuditTables {
  audit_log: AuditLogTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends AuditTables {}
}
