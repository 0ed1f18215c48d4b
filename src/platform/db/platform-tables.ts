import type { ColumnType, Generated } from 'kysely';
import type { EventTables } from '../events/tables.ts';
import type { JobSchedulesTable } from '../jobs/tables.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface IdempotencyKeysTable {
  /** The program the request was made in (null: outside any, e.g. sign-in). */
  program_id: string | null;
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

/** The kernel's own tables; every module adds its own to DB (platform/db/schema.ts) from its tables.ts. */
export interface KernelTables extends EventTables {
  app_settings: AppSettingsTable;
  idempotency_keys: IdempotencyKeysTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
}
