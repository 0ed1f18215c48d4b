import type { NullableTimestamp, Timestamp } from '../db/platform-tables.ts';

export interface JobSchedulesTable {
  name: string;
  type: string;
  every_seconds: number;
  next_run_at: Timestamp;
  last_run_at: NullableTimestamp;
}
