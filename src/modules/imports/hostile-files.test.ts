// Files that are damaged or hostile: a stray invalid byte, unclosed quotes, giant headers and cells, and an
// import whose worker died. Each answers with a clear 4xx or a rejected row, never mojibake, a 500 or retries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { loadConfig } from '../../config.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { claimJobs, LEASE_MS } from '../../platform/jobs/queue.ts';
import { clubJobs } from '../../app/index.ts';
import { runImportCommand } from './cli.ts';
import { MAX_COLUMNS, SAMPLE_CELL_CHARS } from './csv-limits.ts';
import type { ImportView } from './index.ts';
import { STALE_AFTER_MS } from './runner.ts';
import { evidenceOf, Utf8Evidence } from './utf8-evidence.ts';

let t: TestContext;
let owner: Actor;
let programId: string;
let tmp: string;

beforeAll(async () => {
  t = await setupTest();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-hostile-'));
  const program = await makeProgram(t.db, { defaultRegion: 'IL' });
  programId = program.id;
  owner = await makeUser(t, program.id, 'owner');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const worker = () => new Worker({ db: t.db, clock: t.clock, modules: clubJobs });
const inspect = (payload: Buffer | string, query = '') =>
  owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/imports/inspect${query}`,
    headers: { 'content-type': 'text/csv' },
    payload,
  });
const upload = (payload: Buffer | string, query = '') =>
  owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/imports${query}`,
    headers: { 'content-type': 'text/csv' },
    payload,
  });
const report = async (id: string) =>
  (
    await owner.request({ method: 'GET', url: `/api/programs/${programId}/imports/${id}` })
  ).json() as ImportView;
const member = (email: string) =>
  t.db
    .selectFrom('members')
    .select(['first_name'])
    .where('program_id', '=', programId)
    .where('email', '=', email)
    .executeTakeFirst();

describe('encoding with evidence', () => {
  const unique = Math.random().toString(36).slice(2, 8);
  const stray = Buffer.concat([
    Buffer.from(`email,first name\na-${unique}@example.com,שלום\nb-${unique}@example.com,`),
    Buffer.from([0xff]),
    Buffer.from(`\nc-${unique}@example.com,דנה\n`),
  ]);

  it('counts valid UTF-8 and invalid bytes the same whichever way the file is cut into chunks', () => {
    const whole = evidenceOf(stray, true);
    expect(whole).toMatchObject({ bom: false, validMultibyte: 7, invalidBytes: 1 });
    for (let cut = 1; cut < stray.length; cut++) {
      const scan = new Utf8Evidence();
      scan.push(stray.subarray(0, cut));
      scan.push(stray.subarray(cut));
      expect(scan.end(), `cut at ${cut}`).toEqual(whole);
    }
    const legacy = evidenceOf(iconv.encode('שם,מייל\nדנה כהן,d@example.com\n', 'windows-1255'), true);
    expect(legacy.utf8Share).toBeLessThan(0.5);
  });

  it('reads a mostly valid UTF-8 file as UTF-8 and rejects only the row with the stray byte', async () => {
    const dry = await upload(stray, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(202);
    expect(dry.json().encoding).toBe('utf8');
    expect(dry.json().report.encoding).toMatchObject({
      chosen: 'utf8',
      detected: 'utf8',
      evidence: { invalidBytes: 1, validMultibyte: 7 },
    });
    expect(dry.json().report.preview[0]).toEqual([`a-${unique}@example.com`, 'שלום']);
    await worker().drain();
    expect((await report(dry.json().id)).counts).toMatchObject({ created: 2, rejected: 1 });

    const real = await upload(stray);
    await worker().drain();
    const done = await report(real.json().id);
    expect(done.counts).toMatchObject({ total: 3, created: 2, rejected: 1 });
    expect((await member(`a-${unique}@example.com`))?.first_name).toBe('שלום');
    expect((await member(`c-${unique}@example.com`))?.first_name).toBe('דנה');
    const sample = await owner.request({
      method: 'GET',
      url: `/api/programs/${programId}/imports/${done.id}/errors/sample`,
    });
    expect(sample.json().items).toMatchObject([
      { row: 2, error: expect.stringMatching(/^invalid_encoding/) },
    ]);
  });

  it('shows the evidence and a preview before upload, and reads the file as the person chooses', async () => {
    const auto = (await inspect(stray)).json();
    expect(auto).toMatchObject({ encoding: 'utf8', detectedEncoding: 'utf8', evidence: { invalidBytes: 1 } });
    expect(auto.sample[0]).toEqual([`a-${unique}@example.com`, 'שלום']);
    const chosen = (await inspect(stray, '?encoding=windows-1255')).json();
    expect(chosen).toMatchObject({ encoding: 'windows-1255', detectedEncoding: 'utf8' });
    expect(chosen.sample[0][1]).not.toBe('שלום');
    expect((await inspect(stray, '?encoding=klingon')).json().error.code).toBe('unknown_encoding');
  });
});

describe('unclosed quotes', () => {
  it('answers the inspection with a 400 naming the line', async () => {
    for (const [csv, line] of [
      ['"""""', 1],
      ['a,b\n"x', 2],
    ] as const) {
      const res = await inspect(csv);
      expect(res.statusCode, csv).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_csv', details: { line } });
      expect(res.json().error.message).toContain(`Line ${line}`);
    }
  });

  it('refuses an upload whose header cannot be read, and fails a queued import at once, without retries', async () => {
    const header = await upload('"""""');
    expect(header.statusCode).toBe(400);
    expect(header.json().error.code).toBe('invalid_csv');

    const early = await upload('email,first name\nq1@example.com,"Dana\n');
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('Line 2');
    const rows = Array.from({ length: 5 }, (_, i) => `q${i}@example.com,Dana`).join('\n');
    const res = await upload(`email,first name\n${rows}\nq9@example.com,"Noa\n`);
    expect(res.statusCode, res.body).toBe(202);
    await worker().drain();
    const done = await report(res.json().id);
    expect(done.status).toBe('failed');
    expect(done.failure).toMatch(/^invalid_csv: Line 7/);
    const job = await t.db
      .selectFrom('jobs')
      .select(['state', 'attempts'])
      .where('unique_key', '=', `import:${done.id}`)
      .executeTakeFirstOrThrow();
    expect(job).toEqual({ state: 'done', attempts: 1 }); // nothing left to retry
  });

  it('prints the error on the command line, without a stack trace', async () => {
    const file = path.join(tmp, 'quotes.csv');
    fs.writeFileSync(file, 'email\n"x@example.com\n');
    let err = '';
    const io = {
      db: t.db,
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s), isTTY: false },
    };
    const code = await runImportCommand(
      [file, '--program', programId],
      loadConfig({ MOADON_DATA_DIR: tmp }),
      io,
    );
    expect(code).toBe(1);
    expect(err).toContain('Line 2');
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('bounded files', () => {
  it('refuses too many columns, a header cell too long and a header line with no end', async () => {
    const wide = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',') + ',email\n';
    expect((await inspect(wide)).json().error.code).toBe('too_many_columns');
    expect((await upload(wide)).json().error.code).toBe('too_many_columns');
    expect((await inspect(`email,${'x'.repeat(300)}\n`)).json().error.code).toBe('header_too_long');
    const endless = 'email,' + 'c,'.repeat(100_000);
    expect((await inspect(endless.slice(0, 200_000), '?complete=false')).json().error.code).toBe(
      'header_too_long',
    );
    const huge = await upload(endless + 'x'.repeat(1_000_000) + '\n');
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error).toMatchObject({ code: 'invalid_csv', details: { line: 1 } });
    const imports = await owner.request({ method: 'GET', url: `/api/programs/${programId}/imports` });
    expect(imports.body.length).toBeLessThan(200_000);
  });

  it('truncates long values in samples and rejects a row whose value is too long', async () => {
    const long = 'ש'.repeat(50_000);
    const sample = (await inspect(`email,note\nlong@example.com,${long}\n`)).json();
    expect(sample.sample[0][1]).toHaveLength(SAMPLE_CELL_CHARS + 1);
    const res = await upload(`email,first name\nlong@example.com,${long}\nshort@example.com,Dana\n`);
    await worker().drain();
    const done = await report(res.json().id);
    expect(done.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(JSON.stringify(done).length).toBeLessThan(10_000);
    const rejected = await owner.request({
      method: 'GET',
      url: `/api/programs/${programId}/imports/${done.id}/errors/sample`,
    });
    const [item] = rejected.json().items;
    expect(item.error).toMatch(/^value_too_long/);
    expect(item.values['first name']).toHaveLength(SAMPLE_CELL_CHARS + 1);
  });
});

describe('an import whose worker died', () => {
  it('is resumed when its job lease runs out, which is when its heartbeat counts as stale', async () => {
    expect(STALE_AFTER_MS).toBe(LEASE_MS);
    const res = await upload('email\nlease@example.com\n');
    expect(res.statusCode, res.body).toBe(202);
    const [job] = await claimJobs(t.db, t.clock, 'dead-worker', 1);
    expect(job?.payload.importId).toBe(res.json().id);
    await t.db
      .updateTable('imports')
      .set({ status: 'running', heartbeat_at: t.clock.now() })
      .where('id', '=', res.json().id)
      .execute();
    t.clock.advance(STALE_AFTER_MS - 1000);
    await worker().drain();
    expect((await report(res.json().id)).status).toBe('running');
    t.clock.advance(2000);
    await worker().drain();
    expect((await report(res.json().id)).status).toBe('completed');
    expect(await member('lease@example.com')).toBeDefined();
  });
});
