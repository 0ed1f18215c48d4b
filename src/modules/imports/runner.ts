// Runs an import: streams the file, validates each row, and applies batches of rows in transactions. Each
// batch commits the members, the counters and the last row number together, so a run cut off by a crash
// resumes after the last committed row. In-file duplicates are rejected, and rows equal to the stored
// member count as unchanged: running the same file twice changes nothing the second time.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { LEASE_MS } from '../../platform/jobs/index.ts';
import { recordAudit, SYSTEM_ACTOR } from '../audit/index.ts';
import {
  applyMemberBatch,
  programRules,
  refreshMemberStatistics,
  type BulkOutcome,
} from '../members/index.ts';
import {
  addEffects,
  applyMemberEffects,
  ListNames,
  NO_EFFECTS,
  parseConsentOptions,
  type ConsentFlag,
  type EffectCounts,
  type MemberEffects,
} from './consent.ts';
import { checkCells } from './csv-limits.ts';
import { openCsv, type CsvRecord } from './csv-source.ts';
import { checkDecodedRow } from './encoding.ts';
import { ErrorFile } from './error-file.ts';
import { IdentitySet } from './identity-set.ts';
import { mapColumns } from './mapping.ts';
import { processHistoryImport } from './history-runner.ts';
import { readImportRow, rowProblem, type ImportRow, type RowProblem } from './row.ts';
import type { ImportOptions } from './options.ts';

/**
 * A running import whose heartbeat is older than this is taken to have died and may be resumed. It is the job
 * lease: a worker that dies holds its job until the lease runs out, so a shorter heartbeat would promise a
 * resumption nobody starts, and a longer one would refuse the worker that gets the job back.
 */
export const STALE_AFTER_MS = LEASE_MS;
const DEFAULT_BATCH = 1000;

export interface RunHooks {
  /** After every committed batch (progress bars, job lease extension). */
  onBatch?: (state: { rowsDone: number; bytesDone: number; sizeBytes: number }) => Promise<void> | void;
  /** Stops between batches; the import stays resumable. */
  signal?: AbortSignal;
  batchSize?: number;
}

interface Pending {
  row: number;
  values: string[];
  data: ImportRow;
}

/** What every imported member gets besides their fields, and the effect counters committed so far. */
interface ImportEffects {
  consent: ConsentFlag[];
  listIds: string[];
  committed: EffectCounts;
}

/** The import-wide consent and lists, with the row's own consent columns taking precedence. */
function memberEffects(memberId: string, data: ImportRow, effects: ImportEffects): MemberEffects {
  const consent = new Map<string, ConsentFlag>();
  for (const c of [...effects.consent, ...data.consent]) consent.set(`${c.channel}:${c.purpose}`, c);
  return {
    memberId,
    consent: [...consent.values()],
    listIds: [...new Set([...effects.listIds, ...data.listIds])],
  };
}

/** A line of the error file: a rejected row, or one imported without a field (phone_dropped). */
interface Rejection {
  row: number;
  values: string[];
  problem: RowProblem;
}

function reason(e: unknown): RowProblem {
  if (e instanceof AppError) return rowProblem(e);
  throw e;
}

type Identity = 'external_id' | 'email' | 'phone';
const IDENTITY_WORDS: Record<Identity, string> = {
  external_id: 'external id',
  email: 'e-mail',
  phone: 'phone',
};

function identityKeys(data: ImportRow): { key: string; identity: Identity }[] {
  const c = data.columns;
  const keys: { key: string; identity: Identity }[] = [];
  if (c.external_id) keys.push({ key: `x:${c.external_id}`, identity: 'external_id' });
  if (c.email) keys.push({ key: `m:${c.email}`, identity: 'email' });
  // Phones are not unique (families share one): only a phone-only row is identified by its phone.
  if (c.phone && !c.external_id && !c.email) keys.push({ key: `p:${c.phone}`, identity: 'phone' });
  return keys;
}

/** Claims the row's identities; returns why it is a duplicate of an earlier row, if it is. */
function claimIdentities(seen: IdentitySet, row: number, data: ImportRow): RowProblem | undefined {
  const keys = identityKeys(data);
  for (const { key, identity } of keys) {
    const first = seen.find(key);
    if (first !== undefined) {
      return {
        code: 'duplicate_in_file',
        message: `same ${IDENTITY_WORDS[identity]} as row ${first}`,
        details: { identity, row: first },
      };
    }
  }
  for (const { key } of keys) seen.claim(key, row);
  return undefined;
}

/** Takes the import if it is queued, or running with a stale heartbeat (its runner died). */
export async function claimImport(db: Db, clock: Clock, importId: string) {
  const now = clock.now();
  return db
    .updateTable('imports')
    .set({ status: 'running', heartbeat_at: now, started_at: sql`coalesce(started_at, ${now})` })
    .where('id', '=', importId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([
          eb('status', '=', 'running'),
          eb('heartbeat_at', '<', new Date(now.getTime() - STALE_AFTER_MS)),
        ]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function markImportFailed(db: Db, clock: Clock, importId: string, failure: string) {
  await db
    .updateTable('imports')
    .set({ status: 'failed', failure: failure.slice(0, 2000), finished_at: clock.now() })
    .where('id', '=', importId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/**
 * Runs (or resumes) the import. Returns false when another runner holds it or it is finished. An AppError
 * (bad mapping, consent not importable…) fails the import for good; other errors (database gone) put it
 * back in the queue and are rethrown, so the job retries and resumes.
 */
export async function runImport(
  db: Db,
  clock: Clock,
  importId: string,
  hooks: RunHooks = {},
): Promise<boolean> {
  const record = await claimImport(db, clock, importId);
  if (!record) return false;
  try {
    await (record.kind === 'history' ? processHistoryImport : processImport)(db, clock, record, hooks);
    return true;
  } catch (e) {
    if (e instanceof AppError) {
      await markImportFailed(db, clock, importId, `${e.code}: ${e.message}`);
      return true;
    }
    await db
      .updateTable('imports')
      .set({ status: 'queued', heartbeat_at: null })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .execute();
    throw e;
  }
}

export type ImportRecord = NonNullable<Awaited<ReturnType<typeof claimImport>>>;

async function processImport(db: Db, clock: Clock, record: ImportRecord, hooks: RunHooks) {
  const options = record.options as unknown as ImportOptions;
  const rules = await programRules(db, clock, record.program_id);
  if (options.region) rules.region = options.region;
  const reader = await openCsv(record.file_path, record.encoding);
  const errors = await ErrorFile.open(record.errors_path, reader.header, Number(record.errors_bytes));
  let writing: Promise<unknown> = Promise.resolve();
  try {
    const mapping = mapColumns(reader.header, options.map ?? {});
    const lists =
      mapping.columns.lists !== undefined || options.lists?.length
        ? await ListNames.load(db, record.program_id)
        : undefined;
    const effects: ImportEffects = {
      consent: parseConsentOptions(options.consent),
      listIds: lists?.resolve(options.lists ?? [], 'lists') ?? [],
      committed: { ...NO_EFFECTS, ...(record.effects as Partial<EffectCounts>) },
    };
    const seen = new IdentitySet();
    const batchSize = hooks.batchSize ?? DEFAULT_BATCH;
    let pending: Pending[] = [];
    let rejected: Rejection[] = [];
    let lastRow = record.rows_done;
    let created = 0;
    let analyzedAt = 0;

    // The batch is cut synchronously (rows, last row, bytes read), then written while the loop already reads
    // and validates the next one; a batch is written only after the previous one has committed, so batches
    // commit in file order and a resumed run still continues after the last committed row.
    const flush = async () => {
      if (pending.length === 0 && rejected.length === 0) return;
      const batch = { pending, rejected, lastRow, bytes: reader.bytesRead() };
      pending = [];
      rejected = [];
      const outcomes = await applyBatch(
        db,
        clock,
        record,
        effects,
        batch.pending,
        batch.rejected,
        errors,
        batch.lastRow,
        batch.bytes,
      );
      created += outcomes.filter((o) => o.outcome === 'created').length;
      // Statistics each time the members this run added have doubled (1k, 2k, 4k … 1M: about ten times).
      if (!record.dry_run && created >= Math.max(1000, analyzedAt * 2)) {
        await refreshMemberStatistics(db);
        analyzedAt = created;
      }
      await hooks.onBatch?.({
        rowsDone: batch.lastRow,
        bytesDone: batch.bytes,
        sizeBytes: Number(record.size_bytes),
      });
      if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('import stopped');
      return outcomes;
    };

    for await (const { row, values } of reader.records as AsyncIterable<CsvRecord>) {
      let data: ImportRow | undefined;
      let why: RowProblem | undefined;
      try {
        checkCells(values, reader.header);
        checkDecodedRow(values, record.encoding);
        data = readImportRow(values, mapping, rules, lists, options);
        why = claimIdentities(seen, row, data);
      } catch (e) {
        why = reason(e);
      }
      // Rows before the resume point were committed already: they only rebuild the duplicate memory.
      if (row <= record.rows_done) continue;
      lastRow = row;
      if (why || !data) {
        rejected.push({
          row,
          values,
          problem: why ?? { code: 'invalid_row', message: 'invalid row', details: {} },
        });
      } else pending.push({ row, values, data });
      if (pending.length + rejected.length >= batchSize) {
        await writing;
        writing = flush();
        // Handled when awaited; until then a failure must not count as an unhandled rejection.
        writing.catch(() => {});
      }
    }
    await writing;
    await flush();
    await finishImport(db, clock, record, lastRow, {
      mapping: Object.fromEntries(
        Object.entries(mapping.columns).map(([target, index]) => [target, reader.header[index!]]),
      ),
      ignoredColumns: mapping.ignored,
      header: reader.header,
    });
  } finally {
    await writing.catch(() => {});
    reader.close();
    await errors.close();
  }
}

async function applyBatch(
  db: Db,
  clock: Clock,
  record: ImportRecord,
  effects: ImportEffects,
  pending: Pending[],
  rejected: Rejection[],
  errors: ErrorFile,
  lastRow: number,
  bytesRead: number,
): Promise<BulkOutcome[]> {
  const committedBytes = errors.bytes;
  const options = record.options as unknown as ImportOptions;
  let committed = effects.committed;
  for (let attempt = 0; ; attempt++) {
    try {
      const outcomes = await db.transaction().execute(async (trx) => {
        const outcomes = await applyMemberBatch(
          trx,
          clock,
          record.program_id,
          pending.map((p) => p.data.columns),
          { source: 'import', dryRun: record.dry_run },
        );
        const counts = { created: 0, updated: 0, unchanged: 0, rejected: rejected.length };
        const lines = [...rejected];
        const changes: MemberEffects[] = [];
        let phonesDropped = 0;
        outcomes.forEach((o, i) => {
          const p = pending[i]!;
          if (o.outcome === 'rejected') {
            counts.rejected++;
            lines.push({
              row: p.row,
              values: p.values,
              problem: { code: o.code, message: o.message, details: {} },
            });
            return;
          }
          counts[o.outcome]++;
          changes.push(memberEffects(o.memberId, p.data, effects));
          const dropped = p.data.phoneDropped;
          if (dropped) {
            // Imported, and also in the error file: fixing the phone there and importing it again adds it.
            phonesDropped++;
            lines.push({
              row: p.row,
              values: p.values,
              problem: {
                code: 'phone_dropped',
                message: `imported without the phone: ${dropped.message}`,
                details: { ...dropped.details, cause: dropped.code },
              },
            });
          }
        });
        lines.sort((a, b) => a.row - b.row);
        await errors.append(lines);
        const done = await applyMemberEffects(trx, clock, record.program_id, changes, {
          text: options.consentText,
          importId: record.id,
          dryRun: record.dry_run,
        });
        committed = addEffects(effects.committed, { ...done, phonesDropped });
        await trx
          .updateTable('imports')
          .set((eb) => ({
            created: eb('created', '+', counts.created),
            updated: eb('updated', '+', counts.updated),
            unchanged: eb('unchanged', '+', counts.unchanged),
            rejected: eb('rejected', '+', counts.rejected),
            rows_done: lastRow,
            bytes_done: Math.min(bytesRead, Number(record.size_bytes)),
            errors_bytes: errors.bytes,
            effects: JSON.stringify(committed),
            heartbeat_at: clock.now(),
          }))
          .where('id', '=', record.id)
          .execute();
        return outcomes;
      });
      effects.committed = committed;
      return outcomes;
    } catch (e) {
      await errors.rewind(committedBytes);
      // Someone created the same member between our lookup and insert: look again, once.
      if (attempt === 0 && (e as { code?: string }).code === '23505') continue;
      throw e;
    }
  }
}

/** Marks the import completed with its report and audits it (the members' or the history's import). */
export async function finishImport(
  db: Db,
  clock: Clock,
  record: ImportRecord,
  lastRow: number,
  report: Record<string, unknown>,
  action = 'members.imported',
) {
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('imports')
      .set({
        status: 'completed',
        total_rows: lastRow,
        rows_done: lastRow,
        bytes_done: record.size_bytes,
        report: JSON.stringify({ ...record.report, ...report }),
        finished_at: clock.now(),
      })
      .where('id', '=', record.id)
      .returning(['created', 'updated', 'unchanged', 'rejected', 'total_rows', 'dry_run'])
      .executeTakeFirstOrThrow();
    if (!record.dry_run) {
      await recordAudit(trx, clock, SYSTEM_ACTOR, {
        programId: record.program_id,
        action,
        entityType: 'import',
        entityId: record.id,
        after: done,
      });
    }
  });
}
