// `moadon import` and `moadon export`: the same import and export as the API, run in this process.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { systemClock } from '../../platform/clock.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { findProgram } from '../programs/index.ts';
import { splitListCell, type ConsentOption } from './consent.ts';
import { memberCsvChunks, parseExportFields } from './export.ts';
import { progressBar, type ProgressStream } from './progress.ts';
import type { EncodingEvidence } from './utf8-evidence.ts';
import { runImport } from './runner.ts';
import { createImport, getImport, importErrorsPath, importsDir } from './service.ts';

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  /** An open database (tests); otherwise `open` opens the one the configuration names. */
  db?: Db;
  open?: () => Promise<Database>;
}

/** The `moadon import` / `moadon export` commands' standard streams and database. */
export const processIo = (open: () => Promise<Database>): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  open,
});

export const IMPORT_USAGE = `moadon import <file.csv> --program <slug|id> [--map email=E-mail,first_name=שם]
  [--region IL] [--keep-rows-without-phone] [--encoding auto|utf8|windows-1255] [--dry-run] [--errors rejected.csv]
  [--consent email,sms,phone:service --consent-text "…"] [--list "<name>;<name>"]
  [--history]   the file is sales history (order lines; see docs/import-export.md) with the default cleaning rules`;

export const EXPORT_USAGE = `moadon export --program <slug|id> [--fields email,phone,first_name] [--out members.csv]`;

async function withDatabase<T>(io: CliIo, fn: (db: Db) => Promise<T>): Promise<T> {
  if (io.db) return fn(io.db);
  if (!io.open) throw new Error('No database to import into');
  const database = await io.open();
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

function usageError(io: CliIo, message: string, usage: string): number {
  io.stderr.write(`${message}\n\nUsage: ${usage}\n`);
  return 2;
}

interface ReportedEncoding {
  chosen: string;
  detected: string;
  evidence: EncodingEvidence;
}

/** "Encoding: utf8 (detected: …)" — what the file will be read as, and the evidence, so a person can choose. */
function describeEncoding({ chosen, detected, evidence }: ReportedEncoding): string {
  const bytes = `${evidence.validMultibyte} UTF-8 characters, ${evidence.invalidBytes} bytes that are not UTF-8`;
  const how = chosen === detected ? 'detected' : `chosen; detected ${detected}`;
  const hint =
    evidence.invalidBytes > 0 && chosen === 'utf8'
      ? '; rows with bytes that are not UTF-8 are rejected (or name the encoding with --encoding)'
      : '';
  return `Encoding: ${chosen} (${how}: ${evidence.bom ? 'BOM, ' : ''}${bytes}${hint})`;
}

/** Runs an import to the end in this process; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runImportCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        program: { type: 'string', short: 'p' },
        map: { type: 'string' },
        region: { type: 'string' },
        'keep-rows-without-phone': { type: 'boolean', default: false },
        encoding: { type: 'string', default: 'auto' },
        'dry-run': { type: 'boolean', default: false },
        errors: { type: 'string' },
        consent: { type: 'string' },
        'consent-text': { type: 'string' },
        list: { type: 'string' },
        history: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return usageError(io, (e as Error).message, IMPORT_USAGE);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) return usageError(io, 'Name one CSV file.', IMPORT_USAGE);
  if (!values.program) return usageError(io, '--program is required.', IMPORT_USAGE);
  if (!fs.existsSync(file)) return usageError(io, `No such file: ${file}`, IMPORT_USAGE);
  return withDatabase(io, async (db) => {
    try {
      const program = await findProgram(db, values.program!);
      const filePath = path.resolve(file);
      const created = await createImport(
        db,
        systemClock,
        { ...SYSTEM_ACTOR, id: 'cli' },
        {
          programId: program.id,
          filePath,
          fileName: path.basename(file),
          dryRun: values['dry-run'] ?? false,
          kind: values.history ? 'history' : 'members',
          dir: importsDir(config.dataDir),
          ...(values.errors ? { errorsPath: path.resolve(values.errors) } : {}),
          enqueue: false,
          options: {
            encoding: values.encoding ?? 'auto',
            ...(values.map ? { map: values.map } : {}),
            ...(values.region ? { region: values.region } : {}),
            ...(values['keep-rows-without-phone'] ? { invalidPhone: 'keep_row' as const } : {}),
            ...(values.consent ? { consent: values.consent.split(',') as ConsentOption[] } : {}),
            ...(values['consent-text'] ? { consentText: values['consent-text'] } : {}),
            ...(values.list ? { lists: splitListCell(values.list) } : {}),
          },
        },
      );
      if (created.sameAsImportId) {
        io.stderr.write(
          `This file was imported before (import ${created.sameAsImportId}); unchanged rows stay as they are.\n`,
        );
      }
      io.stderr.write(`${describeEncoding(created.report.encoding as ReportedEncoding)}\n`);
      const bar = progressBar(io.stderr, created.dryRun ? 'dry run' : 'import');
      await runImport(db, systemClock, created.id, { onBatch: (s) => bar.update(s) });
      bar.done();
      const done = await getImport(db, program.id, created.id);
      const c = done.counts;
      io.stdout.write(
        `${done.dryRun ? 'Dry run: would have ' : ''}${done.status === 'completed' ? 'done' : done.status}: ` +
          `${c.total} rows, ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected\n`,
      );
      const e = done.effects;
      if (
        e.consentRecorded +
        e.consentUnchanged +
        e.consentWithdrawalsKept +
        e.listsAdded +
        e.listsExisting
      ) {
        io.stdout.write(
          `Consent: ${e.consentRecorded} recorded, ${e.consentUnchanged} unchanged, ` +
            `${e.consentWithdrawalsKept} withdrawals kept; lists: ${e.listsAdded} added, ` +
            `${e.listsExisting} already there\n`,
        );
      }
      if (done.history) {
        const dropped = Object.entries(done.history.dropped).map(([rule, n]) => `${n} ${rule}`);
        io.stdout.write(
          `History: ${done.history.linesImported} lines imported, ${done.history.membersCreated} members ` +
            `created; dropped: ${dropped.join(', ') || 'none'}\n`,
        );
      }
      const ignored = (done.report.ignoredColumns as string[] | undefined) ?? [];
      if (ignored.length) io.stdout.write(`Columns not imported: ${ignored.join(', ')}\n`);
      if (c.rejected > 0) {
        io.stdout.write(`Rejected rows and reasons: ${await importErrorsPath(db, program.id, done.id)}\n`);
      }
      if (done.failure) io.stderr.write(`Import failed: ${done.failure}\n`);
      return done.status === 'completed' ? 0 : 1;
    } catch (e) {
      if (e instanceof AppError) {
        io.stderr.write(`${e.message} (${e.code})\n`);
        return 1;
      }
      throw e;
    }
  });
}

/** Writes the program's members as CSV to --out or stdout. */
export async function runExportCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        program: { type: 'string', short: 'p' },
        fields: { type: 'string' },
        out: { type: 'string', short: 'o' },
      },
    }).values;
  } catch (e) {
    return usageError(io, (e as Error).message, EXPORT_USAGE);
  }
  if (!values.program) return usageError(io, '--program is required.', EXPORT_USAGE);
  return withDatabase(io, async (db) => {
    try {
      const program = await findProgram(db, values.program!);
      const fields = parseExportFields(values.fields);
      const source = Readable.from(memberCsvChunks(db, program.id, fields));
      if (values.out) {
        await pipeline(source, fs.createWriteStream(values.out));
        io.stderr.write(`Members of ${program.slug} written to ${values.out}\n`);
      } else {
        for await (const chunk of source) io.stdout.write(chunk as string);
      }
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        io.stderr.write(`${e.message} (${e.code})\n`);
        return 1;
      }
      throw e;
    }
  });
}
