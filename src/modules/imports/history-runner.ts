// Runs a sales history import on the member import's engine (runner.ts claims, resumes and fails it): streams
// the file, reads each line, groups lines into orders and applies the cleaning rules (history-orders.ts),
// then records batches of whole orders as purchases without points (loyalty's recordPurchaseHistory).
// Each batch commits the purchases, the refunds, the counters, the error file's length and the last row
// before the order still open, so a resumed run continues at an order boundary; order ids make a re-run of
// the same file record nothing twice.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordPurchaseHistory, type HistoryPurchase, type HistoryRefund } from '../loyalty/index.ts';
import {
  applyMemberBatch,
  normaliseImportRow,
  programRules,
  type MemberColumns,
  type ProgramRules,
} from '../members/index.ts';
import { getProgram } from '../programs/index.ts';
import { checkCells } from './csv-limits.ts';
import { openCsv, type CsvRecord } from './csv-source.ts';
import { checkDecodedRow } from './encoding.ts';
import { ErrorFile } from './error-file.ts';
import { readHistoryLine, parseOrderTime, type HistoryLineContext } from './history-line.ts';
import { mapHistoryColumns } from './history-mapping.ts';
import {
  historyOptions,
  OrderAssembler,
  type CleaningRule,
  type HistoryGroup,
  type HistoryOptions,
  type HistoryOrder,
} from './history-orders.ts';
import { finishImport, type ImportRecord, type RunHooks } from './runner.ts';

const DEFAULT_BATCH = 2000;

/** What a history import did besides orders, committed with each batch (the import's `effects`). */
export interface HistoryEffects {
  linesImported: number;
  membersCreated: number;
  /** Orders whose lines came back later in the file, merged into the part recorded first. */
  ordersMerged: number;
  /** Lines each cleaning rule dropped. */
  dropped: Partial<Record<CleaningRule, number>>;
}

export const NO_HISTORY_EFFECTS: HistoryEffects = {
  linesImported: 0,
  membersCreated: 0,
  ordersMerged: 0,
  dropped: {},
};

export interface HistoryImportOptions {
  map?: Record<string, string>;
  encoding?: string;
  history?: HistoryOptions;
}

interface Note {
  row: number;
  values: string[];
  reason: string;
  /** The cleaning rule that dropped the line; none for a line rejected as invalid. */
  rule?: CleaningRule;
}

const RULE_TEXT: Record<CleaningRule, string> = {
  no_customer: 'the line has no customer',
  zero_price: 'the price is zero',
  negative_price: 'the price is negative (an adjustment, not a sale)',
  duplicate_line: 'an exact copy of an earlier line of the same order',
  other_currency: 'in another currency than the program’s',
  unknown_customer: 'the customer matches no member (unknownCustomers=skip)',
  cancellation_dropped: 'a cancellation (cancellations=drop)',
  cancellation_unmatched: 'a cancellation of an order not in the history',
  negative_order: 'the order’s total is negative',
};

const ruleNote = (row: number, values: string[], rule: CleaningRule): Note => ({
  row,
  values,
  reason: `${rule}: ${RULE_TEXT[rule]}`,
  rule,
});

function reason(e: unknown): string {
  if (e instanceof AppError) return `${e.code}: ${e.message}`;
  throw e;
}

const customerKey = (c: HistoryGroup['customer']) =>
  c.externalId ? `x:${c.externalId}` : c.email ? `m:${c.email}` : `p:${c.phone}`;

export async function processHistoryImport(db: Db, clock: Clock, record: ImportRecord, hooks: RunHooks) {
  const options = record.options as unknown as HistoryImportOptions;
  const program = await getProgram(db, record.program_id);
  const rules = await programRules(db, clock, record.program_id);
  const clean = historyOptions(options.history ?? {});
  const ctx: HistoryLineContext = {
    timeZone: options.history?.timeZone ?? program.timeZone,
    currency: program.currency,
    dateOrder: clean.dateOrder,
    cancellationPrefix: clean.cancellationPrefix,
  };
  // The lines of an order share their time: parse each distinct cell once.
  let lastTime: { raw: string; at: Date } | undefined;
  const parseTime = (raw: string) => {
    if (lastTime?.raw !== raw) lastTime = { raw, at: parseOrderTime(raw, ctx) };
    return lastTime.at;
  };
  const reader = await openCsv(record.file_path, record.encoding);
  const errors = await ErrorFile.open(record.errors_path, reader.header, Number(record.errors_bytes));
  try {
    const mapping = mapHistoryColumns(reader.header, options.map);
    const assembler = new OrderAssembler(clean, program.currency);
    const batchSize = hooks.batchSize ?? DEFAULT_BATCH;
    const effects: HistoryEffects = {
      ...NO_HISTORY_EFFECTS,
      ...(record.effects as Partial<HistoryEffects>),
    };
    let ready: HistoryGroup[] = [];
    let readyLines = 0;
    let notes: Note[] = [];
    const values = new Map<number, string[]>();
    let lastRow = record.rows_done;

    /** Commits the closed groups and the notes before `boundary` (the first row of the order still open). */
    const flush = async (boundary: number) => {
      const groups = ready;
      const settled = notes.filter((n) => n.row < boundary);
      notes = notes.filter((n) => n.row >= boundary);
      ready = [];
      readyLines = 0;
      const rowValues = new Map<number, string[]>();
      for (const g of groups) for (const r of g.rows) rowValues.set(r, values.get(r)!);
      for (const r of rowValues.keys()) values.delete(r);
      await applyHistoryBatch(db, clock, {
        record,
        rules,
        unknownCustomers: clean.unknownCustomers,
        groups,
        notes: settled,
        rowValues,
        errors,
        effects,
        rowsDone: Math.min(boundary - 1, lastRow),
        bytes: reader.bytesRead(),
      });
      await hooks.onBatch?.({
        rowsDone: Math.min(boundary - 1, lastRow),
        bytesDone: reader.bytesRead(),
        sizeBytes: Number(record.size_bytes),
      });
      if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('import stopped');
    };

    for await (const { row, values: cells } of reader.records as AsyncIterable<CsvRecord>) {
      // Rows up to the resume point were committed, and no order was open across it.
      if (row <= record.rows_done) continue;
      lastRow = row;
      let pushed: ReturnType<OrderAssembler['push']>;
      try {
        checkCells(cells, reader.header);
        checkDecodedRow(cells, record.encoding);
        pushed = assembler.push(row, readHistoryLine(cells, mapping, ctx, parseTime), cells);
      } catch (e) {
        notes.push({ row, values: cells, reason: reason(e) });
        continue;
      }
      if (pushed.dropped) notes.push(ruleNote(row, cells, pushed.dropped));
      else values.set(row, cells);
      if (pushed.closed) {
        ready.push(pushed.closed);
        readyLines += pushed.closed.rows.length;
      }
      if (readyLines + notes.length >= batchSize && (ready.length > 0 || assembler.openSince === undefined)) {
        await flush(assembler.openSince ?? row + 1);
      }
    }
    const last = assembler.close();
    if (last) ready.push(last);
    await flush(Number.MAX_SAFE_INTEGER);
    await finishImport(
      db,
      clock,
      record,
      lastRow,
      {
        mapping: Object.fromEntries(
          Object.entries(mapping.columns).map(([field, index]) => [field, reader.header[index!]]),
        ),
        ignoredColumns: mapping.ignored,
        header: reader.header,
        cleaning: { ...clean, timeZone: ctx.timeZone },
      },
      'history.imported',
    );
  } finally {
    reader.close();
    await errors.close();
  }
}

interface Batch {
  record: ImportRecord;
  rules: ProgramRules;
  unknownCustomers: 'create' | 'skip';
  groups: HistoryGroup[];
  notes: Note[];
  rowValues: Map<number, string[]>;
  errors: ErrorFile;
  effects: HistoryEffects;
  rowsDone: number;
  bytes: number;
}

async function applyHistoryBatch(db: Db, clock: Clock, batch: Batch) {
  const { record, errors } = batch;
  const committedBytes = errors.bytes;
  try {
    await db.transaction().execute(async (trx) => {
      const notes = [...batch.notes];
      const effects = structuredClone(batch.effects);
      /** Every line of the group goes to the error file: dropped by a rule, or rejected with a reason. */
      const drop = (group: HistoryGroup, why: { rule: CleaningRule } | { reason: string }) => {
        for (const r of group.rows) {
          const values = batch.rowValues.get(r)!;
          notes.push('rule' in why ? ruleNote(r, values, why.rule) : { row: r, values, reason: why.reason });
        }
      };
      const orders: HistoryOrder[] = [];
      const refunds: HistoryRefund[] = [];
      const cancellationRows = new Map<string, HistoryGroup>();
      for (const g of batch.groups) {
        if (g.kind === 'cancellation') {
          if (g.amount <= 0 || !g.originalOrderId) {
            drop(g, { rule: g.amount <= 0 ? 'negative_order' : 'cancellation_unmatched' });
          } else {
            refunds.push({ key: g.orderId, orderId: g.originalOrderId, amount: g.amount });
            cancellationRows.set(g.orderId, g);
          }
        } else if (g.total < 0) drop(g, { rule: 'negative_order' });
        else orders.push(g);
      }
      // The orders' customers, once each: matched to members, created by policy, or their lines skipped.
      const customers = new Map<string, MemberColumns | string>();
      for (const o of orders) {
        const key = customerKey(o.customer);
        if (customers.has(key)) continue;
        try {
          customers.set(key, normaliseImportRow(o.customer, batch.rules));
        } catch (e) {
          customers.set(key, reason(e));
        }
      }
      const keys = [...customers].filter(([, c]) => typeof c !== 'string').map(([k]) => k);
      const lookOnly = record.dry_run || batch.unknownCustomers === 'skip';
      const outcomes = await applyMemberBatch(
        trx,
        clock,
        record.program_id,
        keys.map((k) => customers.get(k) as MemberColumns),
        { source: 'import', dryRun: lookOnly },
      );
      const memberOf = new Map<string, string | { rule: CleaningRule } | { reason: string }>();
      outcomes.forEach((o, i) => {
        const key = keys[i]!;
        if (o.outcome === 'rejected') memberOf.set(key, { reason: `${o.code}: ${o.message}` });
        else if (o.outcome === 'created' && batch.unknownCustomers === 'skip') {
          memberOf.set(key, { rule: 'unknown_customer' });
        } else {
          if (o.outcome === 'created') effects.membersCreated++;
          memberOf.set(key, o.memberId);
        }
      });
      for (const [key, c] of customers) if (typeof c === 'string') memberOf.set(key, { reason: c });
      const purchases: HistoryPurchase[] = [];
      const purchaseRows = new Map<string, HistoryOrder>();
      for (const o of orders) {
        const member = memberOf.get(customerKey(o.customer))!;
        if (typeof member !== 'string') {
          drop(o, member);
          continue;
        }
        purchases.push({
          orderId: o.orderId,
          memberId: member,
          occurredAt: o.occurredAt,
          total: o.total,
          currency: o.currency,
          items: o.items,
          channel: o.channel,
          storeId: o.store,
        });
        purchaseRows.set(o.orderId, o);
      }
      const counts = { created: 0, updated: 0, unchanged: 0 };
      if (record.dry_run) {
        counts.created = purchases.length;
        effects.linesImported += purchases.reduce((n, p) => n + purchaseRows.get(p.orderId)!.rows.length, 0);
      } else {
        const done = await recordPurchaseHistory(trx, clock, {
          programId: record.program_id,
          importId: record.id,
          purchases,
          refunds,
        });
        counts.created = done.recorded.length;
        counts.updated = done.refunded.length;
        counts.unchanged = done.existing.length + done.alreadyRefunded.length;
        effects.ordersMerged += done.merged.length;
        for (const id of [...done.recorded, ...done.merged]) {
          effects.linesImported += purchaseRows.get(id)!.rows.length;
        }
        for (const key of done.refunded) effects.linesImported += cancellationRows.get(key)!.rows.length;
        for (const key of done.unmatched)
          drop(cancellationRows.get(key)!, { rule: 'cancellation_unmatched' });
      }
      const rejected = notes.filter((n) => !n.rule);
      for (const { rule } of notes) if (rule) effects.dropped[rule] = (effects.dropped[rule] ?? 0) + 1;
      notes.sort((a, b) => a.row - b.row);
      await errors.append(notes);
      await trx
        .updateTable('imports')
        .set((eb) => ({
          created: eb('created', '+', counts.created),
          updated: eb('updated', '+', counts.updated),
          unchanged: eb('unchanged', '+', counts.unchanged),
          rejected: eb('rejected', '+', rejected.length),
          rows_done: batch.rowsDone,
          bytes_done: Math.min(batch.bytes, Number(record.size_bytes)),
          errors_bytes: errors.bytes,
          effects: JSON.stringify(effects),
          heartbeat_at: clock.now(),
        }))
        .where('id', '=', record.id)
        .execute();
      Object.assign(batch.effects, effects);
    });
  } catch (e) {
    await errors.rewind(committedBytes);
    throw e;
  }
}
