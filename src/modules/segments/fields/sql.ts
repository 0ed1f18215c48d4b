// Small SQL pieces the built-in fields share. Keys into jsonb are bound parameters cast to text, so
// `->` never guesses between its text and integer forms.
import { sql } from 'kysely';
import type { Sql } from '../rules/types.ts';

export const jsonGet = (column: Sql, key: string) => sql`(${column} -> cast(${key} as text))`;
export const jsonText = (column: Sql, key: string) => sql`(${column} ->> cast(${key} as text))`;

/** A jsonb number as numeric, or null when the value is not a number (never a cast error). */
export const jsonNumber = (column: Sql, key: string) =>
  sql`(case when jsonb_typeof(${jsonGet(column, key)}) = 'number' then (${jsonText(column, key)})::numeric end)`;

export const jsonBoolean = (column: Sql, key: string) =>
  sql`(case when jsonb_typeof(${jsonGet(column, key)}) = 'boolean' then (${jsonText(column, key)})::boolean end)`;
