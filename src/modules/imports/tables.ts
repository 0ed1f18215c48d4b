import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp } from '../../platform/db/platform-tables.ts';

export type ImportKind = 'members' | 'history';
export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ImportsTable {
  id: Generated<string>;
  program_id: string;
  status: Generated<ImportStatus>;
  /** members: a member list; history: past sales (order lines) recorded as purchases without points. */
  kind: Generated<ImportKind>;
  dry_run: boolean;
  file_name: string;
  /** Where the uploaded file is kept (under the data dir). */
  file_path: string;
  /** sha256 of the file: a re-run of the same file is recognisable. */
  checksum: string;
  size_bytes: number;
  encoding: string;
  /** { map, region, encoding, consent, consentText, lists } as given. */
  options: ColumnType<Record<string, unknown>, string, string>;
  total_rows: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  /** Last data row whose batch has committed: a resumed run continues after it. */
  rows_done: Generated<number>;
  bytes_done: Generated<number>;
  errors_path: string;
  /** Length of the error file when the last batch committed; a resumed run cuts it back to this. */
  errors_bytes: Generated<number>;
  /** Consent and list counters (EffectCounts), committed with each batch. */
  effects: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Mapping used, ignored columns, first rejections. */
  report: ColumnType<Record<string, unknown>, string | undefined, string>;
  same_as_import_id: string | null;
  failure: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  started_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface ImportsTables {
  imports: ImportsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends ImportsTables {}
}
