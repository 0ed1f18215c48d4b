import type { Timestamp } from '../../platform/db/platform-tables.ts';
import type { OnExceed, RestDay } from './policy.ts';

export interface ContactPoliciesTable {
  program_id: string;
  max_per_day: number | null;
  max_per_week: number | null;
  max_per_month: number | null;
  quiet_start: string | null;
  quiet_end: string | null;
  rest_days: RestDay[];
  on_exceed: OnExceed;
  updated_at: Timestamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    contact_policies: ContactPoliciesTable;
  }
}
