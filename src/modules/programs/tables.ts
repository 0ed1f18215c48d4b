import type { ColumnType, Generated } from 'kysely';

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

export interface ProgramsTables {
  programs: ProgramsTable;
}

// The module's tables join the one Kysely DB type (platform/db/schema.ts) by declaration merging.
declare module '../../platform/db/schema.ts' {
  interface DB extends ProgramsTables {}
}
