// Imports as records: created from a stored file (API upload or CLI path), run by a job or in-process by the
// CLI, read back with progress and report.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { enqueueJob } from '../../platform/jobs/index.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { normaliseTimeZone } from '../members/index.ts';
import { getProgram } from '../programs/index.ts';
import { ListNames, NO_EFFECTS, parseConsentOptions, type EffectCounts } from './consent.ts';
import { sampleCell } from './csv-limits.ts';
import { openCsv } from './csv-source.ts';
import { scanFile } from './encoding.ts';
import { mapColumns, parseMapSpec } from './mapping.ts';
import type { ImportOptions } from './options.ts';
import { mapHistoryColumns } from './history-mapping.ts';
import { historyOptions, type HistoryOptions } from './history-orders.ts';
import { NO_HISTORY_EFFECTS, type HistoryEffects } from './history-runner.ts';
import type { ImportKind, ImportStatus } from './tables.ts';

export const IMPORT_JOB = 'imports.run';
/** First rows of the file, as read with the chosen encoding, kept in the report (the dry run shows them). */
const PREVIEW_ROWS = 3;

export interface ImportView {
  id: string;
  programId: string;
  status: ImportStatus;
  kind: ImportKind;
  dryRun: boolean;
  fileName: string;
  checksum: string;
  encoding: string;
  options: ImportOptions & Record<string, unknown>;
  counts: { total: number; created: number; updated: number; unchanged: number; rejected: number };
  /** Consent records and list memberships added (or, in a dry run, that would be). */
  effects: EffectCounts;
  /**
   * A history import's lines imported, members created and lines each cleaning rule dropped. Its counts are
   * orders: created = recorded, updated = refunded by a cancellation, unchanged = recorded before, rejected =
   * invalid lines.
   */
  history: HistoryEffects | null;
  progress: { rowsDone: number; bytesDone: number; sizeBytes: number; percent: number };
  report: Record<string, unknown>;
  sameAsImportId: string | null;
  failure: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type ImportRow = Awaited<ReturnType<typeof selectImport>> & object;

function selectImport(db: Db, programId: string, importId: string) {
  return db
    .selectFrom('imports')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', importId)
    .executeTakeFirst();
}

export function importView(row: ImportRow): ImportView {
  const size = Number(row.size_bytes);
  const done = row.status === 'completed' ? size : Number(row.bytes_done);
  return {
    id: row.id,
    programId: row.program_id,
    status: row.status,
    kind: row.kind,
    dryRun: row.dry_run,
    fileName: row.file_name,
    checksum: row.checksum,
    encoding: row.encoding,
    options: row.options as ImportOptions & Record<string, unknown>,
    counts: {
      total: row.status === 'completed' ? row.total_rows : row.rows_done,
      created: row.created,
      updated: row.updated,
      unchanged: row.unchanged,
      rejected: row.rejected,
    },
    effects:
      row.kind === 'history' ? NO_EFFECTS : { ...NO_EFFECTS, ...(row.effects as Partial<EffectCounts>) },
    history:
      row.kind === 'history' ? { ...NO_HISTORY_EFFECTS, ...(row.effects as Partial<HistoryEffects>) } : null,
    progress: {
      rowsDone: row.rows_done,
      bytesDone: done,
      sizeBytes: size,
      percent: size > 0 ? Math.min(100, Math.round((done / size) * 1000) / 10) : 100,
    },
    report: row.report,
    sameAsImportId: row.same_as_import_id,
    failure: row.failure,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function importsDir(dataDir: string): string {
  const dir = path.join(dataDir, 'imports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface CreateImportInput {
  programId: string;
  /** The file to import; for uploads already stored under the data dir. */
  filePath: string;
  fileName: string;
  dryRun: boolean;
  /** Members (default) or a sales history. */
  kind?: ImportKind;
  options: Omit<ImportOptions, 'map'> & {
    map?: Record<string, string> | string | undefined;
    /** A history import's cleaning rules. */
    history?: HistoryOptions;
  };
  /** Where the error file goes. */
  dir: string;
  /** Where to write the rejected rows; default `<dir>/<id>.errors.csv`. */
  errorsPath?: string;
  /** Pre-generated id (uploads name their file after it). */
  id?: string;
  /** false: the caller runs it (CLI); true: a worker picks it up. */
  enqueue: boolean;
}

/** Checks the file (encoding, header, mapping) and records the import. Bad input fails here, before any work. */
export async function createImport(db: Db, clock: Clock, actor: AuditActor, input: CreateImportInput) {
  const program = await getProgram(db, input.programId);
  const kind = input.kind ?? 'members';
  const options: ImportOptions & { history?: HistoryOptions } = {
    ...input.options,
    map: parseMapSpec(input.options.map),
  };
  if (kind === 'history') {
    historyOptions(options.history ?? {});
    if (options.history?.timeZone !== undefined) {
      options.history = { ...options.history, timeZone: normaliseTimeZone(options.history.timeZone) };
    }
  }
  if (options.region !== undefined && !/^[A-Z]{2}$/.test(options.region)) {
    throw new AppError(
      'invalid_region',
      400,
      `Region "${options.region}" should be two capital letters like IL`,
    );
  }
  if (options.invalidPhone !== undefined && !['reject', 'keep_row'].includes(options.invalidPhone)) {
    throw new AppError('validation_failed', 400, 'invalidPhone should be reject or keep_row', {
      field: 'invalidPhone',
    });
  }
  parseConsentOptions(options.consent);
  const scan = await scanFile(input.filePath, options.encoding ?? 'auto');
  const reader = await openCsv(input.filePath, scan.encoding);
  const preview: string[][] = [];
  try {
    for await (const record of reader.records) {
      preview.push(record.values.map(sampleCell));
      if (preview.length >= PREVIEW_ROWS) break;
    }
  } finally {
    reader.close();
  }
  if (reader.header.length === 0) throw new AppError('empty_file', 400, 'The file is empty');
  const mapping =
    kind === 'history'
      ? mapHistoryColumns(reader.header, options.map)
      : mapColumns(reader.header, options.map);
  if (kind === 'members' && options.lists?.length)
    (await ListNames.load(db, program.id)).resolve(options.lists, 'lists');
  const id = input.id ?? crypto.randomUUID();
  const previous = await db
    .selectFrom('imports')
    .select('id')
    .where('program_id', '=', program.id)
    .where('checksum', '=', scan.checksum)
    .where('kind', '=', kind)
    .where('status', '=', 'completed')
    .where('dry_run', '=', false)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('imports')
      .values({
        id,
        program_id: program.id,
        kind,
        dry_run: input.dryRun,
        file_name: input.fileName,
        file_path: input.filePath,
        checksum: scan.checksum,
        size_bytes: scan.sizeBytes,
        encoding: scan.encoding,
        options: JSON.stringify(options),
        errors_path: input.errorsPath ?? path.join(input.dir, `${id}.errors.csv`),
        report: JSON.stringify({
          header: reader.header,
          ignoredColumns: mapping.ignored,
          encoding: { chosen: scan.encoding, detected: scan.detected, evidence: scan.evidence },
          preview,
        }),
        same_as_import_id: previous?.id ?? null,
        created_by: actor.id ? `${actor.type}:${actor.id}` : actor.type,
        created_at: clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!input.dryRun) {
      await recordAudit(trx, clock, actor, {
        programId: program.id,
        action: kind === 'history' ? 'history_import.created' : 'import.created',
        entityType: 'import',
        entityId: id,
        after: { fileName: input.fileName, checksum: scan.checksum, options },
      });
    }
    if (input.enqueue) {
      await enqueueJob(trx, clock, {
        type: IMPORT_JOB,
        programId: program.id,
        payload: { importId: id },
        uniqueKey: `import:${id}`,
        maxAttempts: 5,
      });
    }
    return importView(row);
  });
}

export async function getImport(db: Db, programId: string, importId: string): Promise<ImportView> {
  const row = await selectImport(db, programId, importId);
  if (!row) throw notFound('import', importId);
  return importView(row);
}

export async function listImports(db: Db, programId: string, limit: number): Promise<ImportView[]> {
  const rows = await db
    .selectFrom('imports')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(importView);
}

/** The error file of an import, once it has one. */
export async function importErrorsPath(db: Db, programId: string, importId: string): Promise<string> {
  const row = await selectImport(db, programId, importId);
  if (!row) throw notFound('import', importId);
  if (!fs.existsSync(row.errors_path)) {
    throw new AppError(
      'import_errors_not_ready',
      409,
      'The import has not started yet; no error file so far',
    );
  }
  return row.errors_path;
}
