// Importing codes from another system into a coupon batch: a CSV with a `code` column. Each row is checked on
// its own and the answer names every row that was not imported and why — a malformed code, the same code
// earlier in the file, a code another coupon of the program already has. A code this batch already holds
// counts as unchanged, so uploading the same file twice imports nothing the second time.
import { parse } from 'csv-parse/sync';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { unquoteSpreadsheetCell } from '../../platform/csv.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { couponBatchRow, couponBatchView, insertBatchCodes, type CouponBatch } from './batches.ts';
import { displayCouponCode, normaliseCouponCode } from './codes.ts';

export const MAX_IMPORT_ROWS = 200_000;
/** Rejected rows listed in the answer; the count covers them all. */
const MAX_LISTED = 1_000;
const INSERT_CHUNK = 5_000;

export type ImportRejection = 'malformed_code' | 'duplicate_in_file' | 'code_taken';

export interface CodeImportResult {
  batch: CouponBatch;
  rows: number;
  imported: number;
  unchanged: number;
  rejectedCount: number;
  /** Row numbers count the header as row 1, as a spreadsheet shows them. */
  rejected: { row: number; code: string; reason: ImportRejection; message: string }[];
}

const MESSAGES: Record<ImportRejection, string> = {
  malformed_code: 'Not a code: letters and digits only (spaces and dashes are ignored), 4–64 long',
  duplicate_in_file: 'The same code appears earlier in the file',
  code_taken: 'Another coupon of this program already has this code',
};

function readCodes(csv: string): string[] {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    throw new AppError('invalid_csv', 400, `The file is not readable as CSV: ${(e as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const column = header.indexOf('code');
  if (column < 0) {
    throw new AppError(
      'missing_code_column',
      400,
      'The first line must name the columns, one of them "code"',
    );
  }
  const codes = records.slice(1).map((r) => unquoteSpreadsheetCell(r[column] ?? ''));
  if (codes.length > MAX_IMPORT_ROWS) {
    throw new AppError('too_many_rows', 413, `One file holds at most ${MAX_IMPORT_ROWS} codes`, {
      max: MAX_IMPORT_ROWS,
    });
  }
  return codes;
}

export async function importBatchCodes(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  batchId: string,
  csv: string,
): Promise<CodeImportResult> {
  const cells = readCodes(csv);
  return db.transaction().execute(async (trx) => {
    const batch = await couponBatchRow(trx, programId, batchId, true);
    const rejected: CodeImportResult['rejected'] = [];
    let rejectedCount = 0;
    const reject = (row: number, code: string, reason: ImportRejection) => {
      rejectedCount++;
      if (rejected.length < MAX_LISTED) rejected.push({ row, code, reason, message: MESSAGES[reason] });
    };
    const seen = new Set<string>();
    const candidates: { row: number; cell: string; code: string; display: string }[] = [];
    cells.forEach((cell, i) => {
      const row = i + 2;
      const key = normaliseCouponCode(cell);
      if (!key.ok) return reject(row, cell, 'malformed_code');
      if (seen.has(key.code)) return reject(row, cell, 'duplicate_in_file');
      seen.add(key.code);
      // Imported codes keep the other system's shape; shown in groups of five like ours.
      candidates.push({ row, cell, code: key.code, display: displayCouponCode(key.code) });
    });
    let imported = 0;
    let unchanged = 0;
    const now = clock.now();
    for (let i = 0; i < candidates.length; i += INSERT_CHUNK) {
      const chunk = candidates.slice(i, i + INSERT_CHUNK);
      const taken = await insertBatchCodes(trx, now, batch, chunk, 'import');
      imported += chunk.length - taken.size;
      if (taken.size === 0) continue;
      const ours = new Set(
        (
          await trx
            .selectFrom('coupons')
            .select('code')
            .where('program_id', '=', programId)
            .where('campaign_id', '=', batchId)
            .where('code', 'in', [...taken])
            .execute()
        ).map((r) => r.code),
      );
      for (const c of chunk) {
        if (!taken.has(c.code)) continue;
        if (ours.has(c.code)) unchanged++;
        else reject(c.row, c.cell, 'code_taken');
      }
    }
    const updated = await trx
      .updateTable('coupon_batches')
      .set((eb) => ({ imported: eb('imported', '+', imported) }))
      .where('program_id', '=', programId)
      .where('id', '=', batchId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'coupon_batch.import',
      entityType: 'coupon_batch',
      entityId: batchId,
      after: { rows: cells.length, imported, unchanged, rejected: rejectedCount },
    });
    rejected.sort((a, b) => a.row - b.row);
    return {
      batch: couponBatchView(updated),
      rows: cells.length,
      imported,
      unchanged,
      rejectedCount,
      rejected,
    };
  });
}
