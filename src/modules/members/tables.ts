import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp } from '../../platform/db/platform-tables.ts';

export type MemberStatus = 'active' | 'deleted' | 'anonymized';

export interface MembersTable {
  id: Generated<string>;
  program_id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  /** 'YYYY-MM-DD' */
  birthday: string | null;
  anniversary: string | null;
  locale: string | null;
  time_zone: string | null;
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Folded first name, last name and e-mail for `?q=` search (search.ts). */
  search_text: Generated<string>;
  status: Generated<MemberStatus>;
  source: Generated<string>;
  referred_by: string | null;
  /** Set when this member was merged into another (members/merge.ts); such a member is deleted. */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: NullableTimestamp;
}

export interface MembersTables {
  members: MembersTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends MembersTables {}
}
