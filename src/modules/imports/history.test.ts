// The sales history import through the API: order lines of the public retail shape (cancellations, lines
// without a customer, zero and negative prices, exact duplicates) become purchases without points, with
// every dropped line counted by its rule and written with its reason; value figures follow; a re-run and a
// resumed run record nothing twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { listEvents, type OutboxSubscription } from '../../platform/events/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { retailOrderLines, type RetailShape } from '../demo/index.ts';
import { memberMetrics, memberMetricsSubscription } from '../value/index.ts';
import { createImport, getImport, runImport, type ImportView } from './index.ts';

let t: TestContext;
let tmp: string;

beforeAll(async () => {
  t = await setupTest();
  t.clock.set('2026-03-01T10:00:00Z');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-history-test-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function club(): Promise<{ programId: string; owner: Actor }> {
  const program = await makeProgram(t.db, { timeZone: 'Asia/Jerusalem', currency: 'ILS' });
  return { programId: program.id, owner: await makeUser(t, program.id, 'owner') };
}

async function importHistory(owner: Actor, programId: string, body: string, query = '') {
  const res = await owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/imports?kind=history${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(202);
  await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
  const report = await owner.request({
    method: 'GET',
    url: `/api/programs/${programId}/imports/${res.json().id}`,
  });
  return report.json() as ImportView;
}

async function errorLines(owner: Actor, programId: string, importId: string) {
  const res = await owner.request({
    method: 'GET',
    url: `/api/programs/${programId}/imports/${importId}/errors`,
  });
  return parse(res.body.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
}

const purchasesOf = (programId: string) =>
  t.db
    .selectFrom('loyalty_purchases')
    .select(['order_id', 'member_id', 'total', 'refunded_total', 'occurred_at', 'points_earned', 'items'])
    .where('program_id', '=', programId)
    .orderBy('order_id')
    .execute();

const memberByExternalId = (programId: string, externalId: string) =>
  t.db
    .selectFrom('members')
    .select('id')
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();

/** Hands the member's history events to the value subscriber, as the dispatcher would. */
async function settleValue(programId: string, memberId: string) {
  const subscriber = memberMetricsSubscription as unknown as OutboxSubscription;
  const events = await listEvents(t.db, programId, {
    types: ['purchase.history_imported'],
    memberId,
    limit: 1000,
  });
  await t.db.transaction().execute(async (trx) => {
    for (const e of events) await subscriber.handle(trx, e, { clock: t.clock });
  });
  return memberMetrics(t.db, programId, memberId, t.clock.now());
}

// The public retail shape: one line per item, the customer and country on every line.
const RETAIL_CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,Croissant,6,01/12/2025 08:26,2.55,17850,Israel',
  '536365,71053,Sourdough,6,01/12/2025 08:26,3.39,17850,Israel',
  '536365,71053,Sourdough,6,01/12/2025 08:26,3.39,17850,Israel',
  '536366,22633,Honey cake,6,02/12/2025 09:00,1.85,,Israel',
  '536367,84879,Gift box,32,03/12/2025 10:15,0,13047,Israel',
  '536367,22745,Espresso,6,03/12/2025 10:15,2.10,13047,Israel',
  'C536365,85123A,Croissant,-6,04/12/2025 12:00,2.55,17850,Israel',
  'A563185,B,Adjust bad debt,1,05/12/2025 14:50,-11062.06,,Israel',
  'C999999,22745,Espresso,-1,05/12/2025 15:00,2.10,13047,Israel',
  '536368,22745,Espresso,2,31/04/2025 10:00,2.10,13047,Israel',
  '536369,22745,Espresso,two,06/12/2025 10:00,2.10,13047,Israel',
].join('\n');

describe('sales history import', () => {
  it('records orders without points, counts each cleaning rule and says why for every dropped line', async () => {
    const { programId, owner } = await club();
    const report = await importHistory(owner, programId, RETAIL_CSV);
    expect(report).toMatchObject({ status: 'completed', kind: 'history' });
    expect(report.report.mapping).toMatchObject({
      order_id: 'InvoiceNo',
      sku: 'StockCode',
      quantity: 'Quantity',
      occurred_at: 'InvoiceDate',
      unit_price: 'UnitPrice',
      customer_id: 'CustomerID',
      store: 'Country',
    });
    // Orders: 536365 and 536367 recorded, 536365 refunded by its cancellation; two invalid lines rejected.
    expect(report.counts).toEqual({ total: 11, created: 2, updated: 1, unchanged: 0, rejected: 2 });
    expect(report.history).toEqual({
      linesImported: 4,
      membersCreated: 2,
      ordersMerged: 0,
      dropped: {
        duplicate_line: 1,
        no_customer: 2,
        zero_price: 1,
        cancellation_unmatched: 1,
      },
    });
    const rows = await purchasesOf(programId);
    const a = await memberByExternalId(programId, '17850');
    expect(
      rows.map((r) => ({ ...r, total: Number(r.total), refunded_total: Number(r.refunded_total) })),
    ).toEqual([
      {
        order_id: '536365',
        member_id: a.id,
        // 6 × 2.55 + 6 × 3.39 (the duplicate line dropped), then the croissants cancelled.
        total: 3564,
        refunded_total: 1530,
        // 08:26 in Jerusalem (UTC+2 in December).
        occurred_at: new Date('2025-12-01T06:26:00Z'),
        points_earned: 0,
        items: [
          { sku: '85123A', description: 'Croissant', quantity: 6, price: 255 },
          { sku: '71053', description: 'Sourdough', quantity: 6, price: 339 },
        ],
      },
      expect.objectContaining({ order_id: '536367', total: 1260, refunded_total: 0, points_earned: 0 }),
    ]);
    const ledger = await t.db
      .selectFrom('loyalty_ledger')
      .select('id')
      .where('program_id', '=', programId)
      .execute();
    expect(ledger).toEqual([]);

    const errors = await errorLines(owner, programId, report.id);
    expect(errors.map((e) => [e._row, e._error!.split(':')[0]])).toEqual([
      ['3', 'duplicate_line'],
      ['4', 'no_customer'],
      ['5', 'zero_price'],
      ['8', 'no_customer'],
      ['9', 'cancellation_unmatched'],
      ['10', 'invalid_date'],
      ['11', 'invalid_amount'],
    ]);

    const metrics = await settleValue(programId, a.id);
    expect(metrics).toMatchObject({ orders: 1, netSpend: 3564 - 1530 });

    // Loyalty's events API lists the batch's event among the member's loyalty events.
    const events = await owner.request({
      method: 'GET',
      url: `/api/programs/${programId}/loyalty-events?memberId=${a.id}`,
    });
    expect(events.statusCode, events.body).toBe(200);
    expect(events.json().items).toEqual([
      expect.objectContaining({
        type: 'purchase.history_imported',
        payload: { importId: report.id, orders: 1, refunds: 1 },
      }),
    ]);
  });

  it('records nothing twice when the same file is imported again', async () => {
    const { programId, owner } = await club();
    await importHistory(owner, programId, RETAIL_CSV);
    const before = await purchasesOf(programId);
    const again = await importHistory(owner, programId, RETAIL_CSV);
    expect(again.counts).toEqual({ total: 11, created: 0, updated: 0, unchanged: 3, rejected: 2 });
    expect(again.history).toMatchObject({ linesImported: 0, membersCreated: 0 });
    expect(await purchasesOf(programId)).toEqual(before);
  });

  it('dry run writes nothing; skip leaves customers who are not members out; options are checked', async () => {
    const { programId, owner } = await club();
    const dry = await importHistory(owner, programId, RETAIL_CSV, '&dryRun=true');
    expect(dry.counts.created).toBe(2);
    expect(await purchasesOf(programId)).toEqual([]);

    const skip = await importHistory(owner, programId, RETAIL_CSV, '&unknownCustomers=skip');
    expect(skip.counts.created).toBe(0);
    expect(skip.history?.dropped).toMatchObject({ unknown_customer: 3, cancellation_unmatched: 2 });

    const bad = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/imports?kind=history&timeZone=Mars/Olympus`,
      headers: { 'content-type': 'text/csv' },
      payload: RETAIL_CSV,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_time_zone');
    const noOrders = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/imports?kind=history`,
      headers: { 'content-type': 'text/csv' },
      payload: 'Date,Price\n2025-01-01,1\n',
    });
    expect(noOrders.statusCode).toBe(400);
    expect(noOrders.json().error).toMatchObject({
      code: 'history_column_missing',
      details: { fields: ['order_id'] },
    });
  });

  it('keeps totals the same when stopped between batches and resumed, on a generated retail file', async () => {
    const shape: RetailShape = { seed: 7, customers: 60, from: new Date('2024-01-01T00:00:00Z'), days: 700 };
    const lines = [...retailOrderLines(shape)];
    const csv = [
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
      ...lines.map((l) =>
        [
          l.invoice,
          l.stockCode,
          l.description,
          l.quantity,
          l.invoiceDate.toISOString(),
          (l.unitPrice / 100).toFixed(2),
          l.customerId ?? '',
          l.country,
        ].join(','),
      ),
    ].join('\n');
    const file = path.join(tmp, 'retail.csv');
    fs.writeFileSync(file, csv);
    const run = async (stopAfter?: number) => {
      const { programId } = await club();
      const created = await createImport(t.db, t.clock, SYSTEM_ACTOR, {
        programId,
        filePath: file,
        fileName: 'retail.csv',
        dryRun: false,
        kind: 'history',
        options: {},
        dir: tmp,
        enqueue: false,
      });
      const controller = new AbortController();
      let batches = 0;
      const hooks = {
        batchSize: 50,
        signal: controller.signal,
        onBatch: () => {
          if (++batches === stopAfter) controller.abort(new Error('stopped'));
        },
      };
      if (stopAfter) await expect(runImport(t.db, t.clock, created.id, hooks)).rejects.toThrow('stopped');
      await runImport(t.db, t.clock, created.id, { batchSize: 50 });
      const view = await getImport(t.db, programId, created.id);
      const purchases = await purchasesOf(programId);
      return {
        counts: view.counts,
        history: view.history,
        sums: purchases.reduce(
          (s, p) => ({ total: s.total + Number(p.total), refunded: s.refunded + Number(p.refunded_total) }),
          { total: 0, refunded: 0 },
        ),
        orders: purchases.map((p) => p.order_id),
        errors: fs.readFileSync(path.join(tmp, `${created.id}.errors.csv`), 'utf8').split('\n').length,
      };
    };
    const whole = await run();
    const resumed = await run(3);
    expect(resumed).toEqual(whole);
    const expectedOrders = new Set(
      lines
        .filter((l) => l.customerId && !l.invoice.startsWith('C') && l.unitPrice > 0)
        .map((l) => l.invoice),
    );
    expect(whole.orders).toEqual([...expectedOrders].sort());
    expect(whole.history?.dropped.no_customer).toBe(lines.filter((l) => !l.customerId).length);
    expect(whole.counts.rejected).toBe(0);
  });
});
