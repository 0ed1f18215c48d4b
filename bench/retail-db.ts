// A throwaway PostgreSQL database holding one club filled from the generated retail data set
// (src/modules/demo/retail-data.ts): members with a city attribute, e-mail consent records (some withdrawn
// later), loyalty accounts with a tier by spend, the purchases, and tracked events. Rows go in by COPY from
// files written in one pass over the generator, so the set up does not dominate the run. Shared by the
// `segment` and `rfm` benchmarks. BENCH_DATABASE_URL (bench/pgbench.ts's server)
// must allow creating a database; BENCH_MEMBERS sets the size (default 1,000,000: ≈ 10M purchases, ≈ 10M events).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrateClub } from '../src/app/index.ts';
import { customerEvents, customerOrders, retailCustomer, retailProducts } from '../src/modules/demo/index.ts';
import type { RetailShape } from '../src/modules/demo/index.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { adminQuery, dbUrl } from './pgbench.ts';

export const CITIES = ['Tel Aviv', 'Jerusalem', 'Haifa', 'Beersheba', 'Netanya', 'Tehran', 'Shiraz', 'Paris'];
const LOCALES = ['he', 'he', 'he', 'en', 'en', 'fa'];

export interface RetailDb {
  database: Database;
  programId: string;
  shape: RetailShape;
  /** The end of the period: "now" for relative windows. */
  end: Date;
  counts: { members: number; purchases: number; events: number; consents: number };
  url: string;
  drop(): Promise<void>;
}

export const memberUuid = (index: number) =>
  `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;

const csv = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  return s === '' || /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

class CsvFile {
  readonly path: string;
  #out: fs.WriteStream;
  #buffer: string[] = [];
  rows = 0;
  constructor(dir: string, name: string) {
    this.path = path.join(dir, `${name}.csv`);
    this.#out = fs.createWriteStream(this.path);
  }
  async row(values: (string | number | null)[]) {
    this.#buffer.push(values.map(csv).join(','));
    this.rows++;
    if (this.#buffer.length >= 2_000) await this.flush();
  }
  async flush() {
    if (this.#buffer.length === 0) return;
    const chunk = this.#buffer.join('\n') + '\n';
    this.#buffer = [];
    if (!this.#out.write(chunk))
      await new Promise<void>((resolve) => this.#out.once('drain', () => resolve()));
  }
  async close() {
    await this.flush();
    await new Promise<void>((resolve) => this.#out.end(() => resolve()));
  }
}

export async function openRetailDb(name: string, log: (line: string) => void): Promise<RetailDb> {
  const members = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
  const shape: RetailShape = {
    seed: 2026,
    customers: members,
    from: new Date('2024-12-01T00:00:00Z'),
    days: 730,
  };
  const end = new Date(shape.from.getTime() + shape.days * 86_400_000);
  const dbName = `moadon_bench_${name}_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const url = dbUrl(dbName);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const drop = async () => {
    await database.close();
    if (process.env.BENCH_KEEP) {
      log(`kept database ${dbName}`);
      return;
    }
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  };
  try {
    await migrateClub(database.db);
    const program = await createProgram(database.db, {
      slug: 'bench',
      name: 'Bench bakery',
      currency: 'ILS',
      timeZone: 'Asia/Jerusalem',
      memberAttributeSchema: { city: { type: 'string' } },
    });
    const pid = program.id;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `moadon-bench-${name}-`));
    const files = {
      members: new CsvFile(tmp, 'members'),
      consent_records: new CsvFile(tmp, 'consents'),
      loyalty_accounts: new CsvFile(tmp, 'accounts'),
      loyalty_purchases: new CsvFile(tmp, 'purchases'),
      events: new CsvFile(tmp, 'events'),
    };
    const started = performance.now();
    const products = retailProducts(shape.seed);
    for (let i = 0; i < members; i++) {
      const c = retailCustomer(shape, i);
      const id = memberUuid(i);
      const joined = c.joinedAt.toISOString();
      await files.members.row([
        id,
        pid,
        c.externalId,
        `c${i}@example.com`,
        LOCALES[i % LOCALES.length]!,
        JSON.stringify({ city: CITIES[(i * 7) % CITIES.length] }),
        'active',
        'import',
        joined,
        joined,
        '',
      ]);
      const orders = customerOrders(shape, i, products);
      let spend = 0;
      for (const o of orders) {
        const items = o.lines.map((l) => ({
          sku: l.product.stockCode,
          category: l.product.category,
          quantity: l.quantity,
          price: l.product.price,
        }));
        const total = items.reduce((s, l) => s + l.price * l.quantity, 0);
        spend += total;
        const at = o.at.toISOString();
        await files.loyalty_purchases.row([
          pid,
          o.invoice,
          id,
          '',
          total,
          'ILS',
          JSON.stringify(items),
          at,
          at,
        ]);
      }
      let n = 0;
      for (const e of customerEvents(shape, orders)) {
        const at = e.at.toISOString();
        await files.events.row([
          pid,
          id,
          'track',
          e.name,
          JSON.stringify({ sku: e.sku }),
          `e${i}-${n++}`,
          at,
          at,
        ]);
      }
      if (c.emailConsent) {
        await files.consent_records.row([pid, id, 'email', 'marketing', 'granted', 'import', joined]);
        // One in ten who said yes later withdrew.
        if (i % 10 === 3) {
          const later = new Date(c.joinedAt.getTime() + 30 * 86_400_000).toISOString();
          await files.consent_records.row([pid, id, 'email', 'marketing', 'withdrawn', 'import', later]);
        }
      }
      const tier = spend >= 400_000 ? 'gold' : spend >= 120_000 ? 'silver' : 'regular';
      await files.loyalty_accounts.row([pid, id, spend, orders.length, tier]);
      if (i > 0 && i % 100_000 === 0) log(`generated ${i} members`);
    }
    for (const f of Object.values(files)) await f.close();
    log(`generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const columns: Record<keyof typeof files, string> = {
      members:
        'id, program_id, external_id, email, locale, attributes, status, source, created_at, updated_at, search_text',
      consent_records: 'program_id, member_id, channel, purpose, status, source, recorded_at',
      loyalty_accounts: 'program_id, member_id, lifetime_spend, purchase_count, tier_key',
      loyalty_purchases:
        'program_id, order_id, member_id, payload_hash, total, currency, items, occurred_at, created_at',
      events: 'program_id, member_id, type, name, properties, message_id, occurred_at, received_at',
    };
    const client = new pg.Client({ connectionString: url });
    client.on('error', (error) => log(`copy connection: ${error.message}`));
    await client.connect();
    for (const [table, file] of Object.entries(files) as [keyof typeof files, CsvFile][]) {
      const t0 = performance.now();
      await pipeline(
        fs.createReadStream(file.path),
        client.query(copyFrom(`copy ${table} (${columns[table]}) from stdin with (format csv)`)),
      );
      log(`copied ${file.rows} rows into ${table} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    await client.query('analyze');
    await client.end();
    fs.rmSync(tmp, { recursive: true, force: true });
    return {
      database,
      programId: pid,
      shape,
      end,
      url,
      counts: {
        members,
        purchases: files.loyalty_purchases.rows,
        events: files.events.rows,
        consents: files.consent_records.rows,
      },
      drop,
    };
  } catch (error) {
    console.error(error);
    await drop();
    throw error;
  }
}

/** Best of `rounds` wall-clock timings of each query, interleaved so both see the same machine load. */
export async function bestOf<T>(rounds: number, runs: Record<string, () => Promise<T>>) {
  const best: Record<string, number> = {};
  const results: Record<string, T> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(runs)) {
      const t0 = performance.now();
      results[name] = await run();
      const ms = performance.now() - t0;
      best[name] = Math.min(best[name] ?? Infinity, ms);
    }
  }
  return { best, results };
}
