// Member export as CSV, streamed page by page (keyset on id), so a million members never sit in memory.
// UTF-8 with a BOM: Excel then opens Hebrew and Persian correctly. Column names are the import's field
// names, so an exported file imports again unchanged.
import { csvLines } from '../../platform/csv.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';

export const EXPORT_FIELDS = [
  'id',
  'external_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'birthday',
  'anniversary',
  'locale',
  'time_zone',
  'status',
  'source',
  'created_at',
  'updated_at',
] as const;
type ExportField = (typeof EXPORT_FIELDS)[number];
export const DEFAULT_EXPORT_FIELDS: readonly string[] = EXPORT_FIELDS.filter((f) => f !== 'status');

const ATTRIBUTE = /^attributes\.[a-z][a-z0-9_]{0,63}$/;

/** Parses `fields=email,phone,attributes.city`; unknown names are a 400. */
export function parseExportFields(spec: string | undefined): string[] {
  if (!spec) return [...DEFAULT_EXPORT_FIELDS];
  const fields = spec
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of fields) {
    if (!(EXPORT_FIELDS as readonly string[]).includes(f) && !ATTRIBUTE.test(f)) {
      throw new AppError('unknown_field', 400, `Unknown export field "${f}"`, {
        field: f,
        allowed: [...EXPORT_FIELDS, 'attributes.<name>'],
      });
    }
  }
  if (fields.length === 0) throw new AppError('unknown_field', 400, 'Name at least one field');
  return [...new Set(fields)];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Yields the CSV text in chunks: BOM + header, then one chunk per page of members. */
export async function* memberCsvChunks(
  db: Db,
  programId: string,
  fields: string[],
  pageSize = 2000,
): AsyncGenerator<string> {
  yield '\ufeff' + csvLines([fields]);
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('members')
      .select([...EXPORT_FIELDS, 'attributes'])
      .where('program_id', '=', programId)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(pageSize);
    if (after) query = query.where('id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield csvLines(
      rows.map((row) =>
        fields.map((f) =>
          f.startsWith('attributes.')
            ? cell(row.attributes[f.slice('attributes.'.length)])
            : cell(row[f as ExportField]),
        ),
      ),
    );
    after = rows.at(-1)!.id;
    if (rows.length < pageSize) return;
  }
}
