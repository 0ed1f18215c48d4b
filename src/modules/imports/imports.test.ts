import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import type { Program } from '../programs/index.ts';
import { createImport, getImport, runImport, type ImportView } from './index.ts';

let t: TestContext;
let tmp: string;

beforeAll(async () => {
  t = await setupTest();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-import-test-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function club(): Promise<{ program: Program; owner: Actor }> {
  const program = await makeProgram(t.db, { defaultRegion: 'IL', timeZone: 'Asia/Jerusalem' });
  return { program, owner: await makeUser(t, program.id, 'owner') };
}

async function upload(owner: Actor, programId: string, body: Buffer | string, query = '') {
  const res = await owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/imports${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });
  return res;
}

async function importAndWait(owner: Actor, programId: string, body: Buffer | string, query = '') {
  const res = await upload(owner, programId, body, query);
  expect(res.statusCode, res.body).toBe(202);
  await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
  const report = await owner.request({
    method: 'GET',
    url: `/api/programs/${programId}/imports/${res.json().id}`,
  });
  return report.json() as ImportView;
}

function members(programId: string) {
  return t.db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

const HEBREW_CSV =
  '\ufeffמספר לקוח,שם פרטי,שם משפחה,אימייל,טלפון,תאריך לידה\n' +
  'c-1,דוד,כהן,David@Example.com,050-123-4567,17/05/1990\n' +
  'c-2,שׂרה,"לוי, בת-שבע",sara@example.co.il,+972 52 765 4321,1985-12-01\n' +
  'c-3,مریم,رضایی,maryam@example.ir,,01.02.2000\n';

describe('CSV import', () => {
  it('dry-run reports what would happen and writes nothing', async () => {
    const { program, owner } = await club();
    const report = await importAndWait(owner, program.id, HEBREW_CSV, '?dryRun=true');
    expect(report).toMatchObject({ status: 'completed', dryRun: true });
    expect(report.counts).toEqual({ total: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(report.report.mapping).toMatchObject({
      external_id: 'מספר לקוח',
      email: 'אימייל',
      phone: 'טלפון',
    });
    expect(await members(program.id)).toHaveLength(0);
  });

  it('imports Hebrew and Persian text intact (UTF-8 with BOM), and a re-run changes nothing', async () => {
    const { program, owner } = await club();
    const first = await importAndWait(owner, program.id, HEBREW_CSV);
    expect(first.counts).toEqual({ total: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.encoding).toBe('utf8');
    const rows = (await members(program.id)).sort((a, b) => a.external_id!.localeCompare(b.external_id!));
    expect(rows.map((m) => [m.external_id, m.first_name, m.last_name, m.email, m.phone, m.birthday])).toEqual(
      [
        ['c-1', 'דוד', 'כהן', 'david@example.com', '+972501234567', '1990-05-17'],
        ['c-2', 'שׂרה', 'לוי, בת-שבע', 'sara@example.co.il', '+972527654321', '1985-12-01'],
        ['c-3', 'مریم', 'رضایی', 'maryam@example.ir', null, '2000-02-01'],
      ],
    );
    expect(rows.every((m) => m.source === 'import')).toBe(true);

    const before = rows.map((m) => m.updated_at.toISOString());
    const again = await importAndWait(owner, program.id, HEBREW_CSV);
    expect(again.counts).toEqual({ total: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(again.sameAsImportId).toBe(first.id);
    expect((await members(program.id)).map((m) => m.updated_at.toISOString())).toEqual(before);
  });

  it('reads a Windows-1255 file (auto-detected or named)', async () => {
    const { program, owner } = await club();
    const text = 'email,first name,last name\nnoa@example.com,נועה,אברהם\n';
    const report = await importAndWait(owner, program.id, iconv.encode(text, 'windows-1255'));
    expect(report.encoding).toBe('windows-1255');
    expect(report.counts.created).toBe(1);
    const [m] = await members(program.id);
    expect([m!.first_name, m!.last_name]).toEqual(['נועה', 'אברהם']);
    const named = await importAndWait(
      owner,
      program.id,
      iconv.encode(text, 'windows-1255'),
      '?encoding=windows-1255',
    );
    expect(named.counts.unchanged).toBe(1);
  });

  it('rejects bad rows with reasons in the error file and imports the rest', async () => {
    const { program, owner } = await club();
    const csv =
      'E-mail;Mobile;Name;Birthday\n' +
      'ok@example.com;0501234567;אבי לוי;1990-01-01\n' +
      'not-an-email;;x;\n' +
      'bad-phone@example.com;12;y;\n' +
      'bad-date@example.com;;z;31/02/1990\n' +
      ';;nobody;\n' +
      'OK@example.com;;dup;\n';
    const report = await importAndWait(owner, program.id, csv);
    expect(report.counts).toEqual({ total: 6, created: 1, updated: 0, unchanged: 0, rejected: 5 });
    const errors = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/imports/${report.id}/errors`,
    });
    expect(errors.statusCode).toBe(200);
    expect(errors.headers['content-type']).toContain('text/csv');
    expect(errors.body.startsWith('\ufeff')).toBe(true);
    const [header, ...rejected] = parse(errors.body, { bom: true }) as string[][];
    expect(header).toEqual(['E-mail', 'Mobile', 'Name', 'Birthday', '_row', '_error', '_details']);
    expect(rejected.map((r) => [r[4], r[5]!.split(':')[0]])).toEqual([
      ['2', 'invalid_email'],
      ['3', 'invalid_phone'],
      ['4', 'invalid_date'],
      ['5', 'member_identity_required'],
      ['6', 'duplicate_in_file'],
    ]);
    expect(rejected[0]!.slice(0, 4)).toEqual(['not-an-email', '', 'x', '']);
    expect(rejected[4]![5]).toContain('same e-mail as row 1');
    // _details carries the code and its parameters, so the screen words the reason in the user's language.
    expect(JSON.parse(rejected[4]![6]!)).toEqual({
      code: 'duplicate_in_file',
      details: { identity: 'email', row: 1 },
    });
    expect(JSON.parse(rejected[1]![6]!)).toMatchObject({
      code: 'invalid_phone',
      details: { field: 'phone', value: '12', region: 'IL' },
    });
    const [m] = await members(program.id);
    expect([m!.first_name, m!.last_name, m!.phone]).toEqual(['אבי', 'לוי', '+972501234567']);
  });

  it("reads foreign phones: international, by the row's phone_country, or kept out of the row by option", async () => {
    const { program, owner } = await club();
    const csv =
      'email,phone,phone_country,first_name\n' +
      'il@example.com,050-123-4567,,נועה\n' +
      'intl@example.com,+98 912 345 6789,,Sara\n' +
      'ir@example.com,0912 345 6789,ir,مریم\n' +
      'wrong@example.com,0912 345 6789,,Reza\n' +
      'bad-country@example.com,0912 345 6789,Iran,Ali\n' +
      ',0912 345 6789,,OnlyPhone\n';
    // By default a phone that is not valid for the program's country (IL) rejects its row.
    const strict = await importAndWait(owner, program.id, csv, '?dryRun=true');
    expect(strict.counts).toMatchObject({ created: 3, rejected: 3 });
    expect(strict.effects.phonesDropped).toBe(0);

    const kept = await importAndWait(owner, program.id, csv, '?invalidPhone=keep_row');
    expect(kept.counts).toEqual({ total: 6, created: 4, updated: 0, unchanged: 0, rejected: 2 });
    expect(kept.effects.phonesDropped).toBe(1);
    const byEmail = new Map((await members(program.id)).map((m) => [m.email, m]));
    expect(byEmail.get('il@example.com')!.phone).toBe('+972501234567');
    expect(byEmail.get('intl@example.com')!.phone).toBe('+989123456789');
    expect(byEmail.get('ir@example.com')!.phone).toBe('+989123456789');
    // Kept without the phone: the other fields are imported, the row is listed with why.
    expect(byEmail.get('wrong@example.com')).toMatchObject({ phone: null, first_name: 'Reza' });
    expect(byEmail.has('bad-country@example.com')).toBe(false);

    const sample = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/imports/${kept.id}/errors/sample`,
    });
    expect(sample.statusCode, sample.body).toBe(200);
    const items = sample.json().items as { row: number; code: string; details: Record<string, unknown> }[];
    expect(items.map((i) => [i.row, i.code])).toEqual([
      [4, 'phone_dropped'],
      [5, 'invalid_region'],
      [6, 'invalid_phone'],
    ]);
    expect(items[0]!.details).toMatchObject({ cause: 'invalid_phone', value: '0912 345 6789', region: 'IL' });
    expect(items[1]!.details).toMatchObject({ field: 'phone_country', value: 'Iran' });

    // The import's region is the default for every row without its own phone_country.
    const other = await club();
    const asIran = await importAndWait(
      other.owner,
      other.program.id,
      'email,phone\nx@example.com,0912 345 6789\n',
      '?region=IR',
    );
    expect(asIran.counts.created).toBe(1);
    expect((await members(other.program.id))[0]!.phone).toBe('+989123456789');

    const refused = await upload(owner, program.id, csv, '?invalidPhone=drop');
    expect(refused.statusCode).toBe(400);
  });

  it('matches existing members by external id, e-mail and phone', async () => {
    const { program, owner } = await club();
    const make = (input: Parameters<typeof createMember>[4]) =>
      createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, input);
    const byExt = await make({ externalId: 'pos-7', firstName: 'Old' });
    const byEmail = await make({ email: 'rivka@example.com', firstName: 'Old' });
    const byPhone = await make({ phone: '054-111-2222', firstName: 'Old' });
    const csv =
      'external_id,email,phone,first_name\n' +
      'pos-7,,,רון\n' +
      ',RIVKA@example.com,,רבקה\n' +
      ',,+972541112222,יוסי\n' +
      ',new@example.com,,חדש\n';
    const report = await importAndWait(owner, program.id, csv);
    expect(report.counts).toEqual({ total: 4, created: 1, updated: 3, unchanged: 0, rejected: 0 });
    const rows = await members(program.id);
    const name = (id: string) => rows.find((m) => m.id === id)!.first_name;
    expect([name(byExt.id), name(byEmail.id), name(byPhone.id)]).toEqual(['רון', 'רבקה', 'יוסי']);
    expect(rows).toHaveLength(4);
  });

  it('takes an explicit mapping and a multipart upload', async () => {
    const { program, owner } = await club();
    const boundary = '----moadon';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="לקוחות.csv"\r\n` +
      'Content-Type: text/csv\r\n\r\nדואר,כינוי\nmap@example.com,גלית\n' +
      `\r\n--${boundary}--\r\n`;
    const res = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/imports?map=${encodeURIComponent('email=דואר,first_name=כינוי')}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().fileName).toBe('לקוחות.csv');
    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
    const [m] = await members(program.id);
    expect([m!.email, m!.first_name]).toEqual(['map@example.com', 'גלית']);
  });

  it('refuses files it cannot map, and callers without the permission', async () => {
    const { program, owner } = await club();
    const res = await upload(owner, program.id, 'colour,size\nred,xl\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('no_identity_column');
    const missing = await upload(owner, program.id, 'email\na@example.com\n', '?map=phone%3DTel');
    expect(missing.json().error.code).toBe('mapped_column_missing');
    const viewer = await makeUser(t, program.id, 'viewer');
    expect((await upload(viewer, program.id, 'email\na@example.com\n')).statusCode).toBe(403);
  });

  it('imports 20k rows in batches with bounded memory and resumes after a stop', async () => {
    const { program } = await club();
    const file = path.join(tmp, 'big.csv');
    const out = fs.createWriteStream(file);
    out.write('customer id,email,phone,שם פרטי\n');
    for (let i = 0; i < 20_000; i++) {
      out.write(`id-${i},user${i}@example.com,05${String(20000000 + i).padStart(8, '0')},חבר ${i}\n`);
    }
    await new Promise((resolve) => out.end(resolve));
    const created = await createImport(t.db, t.clock, SYSTEM_ACTOR, {
      programId: program.id,
      filePath: file,
      fileName: 'big.csv',
      dryRun: false,
      options: {},
      dir: tmp,
      enqueue: false,
    });
    const stop = new AbortController();
    await expect(
      runImport(t.db, t.clock, created.id, {
        batchSize: 1000,
        signal: stop.signal,
        onBatch: () => stop.abort(new Error('simulated crash')),
      }),
    ).rejects.toThrow('simulated crash');
    const cut = await getImport(t.db, program.id, created.id);
    expect(cut).toMatchObject({ status: 'queued' });
    expect(cut.progress.rowsDone).toBe(1000);

    // What the importer keeps alive, not the garbage it has yet to collect: heap after a full collection.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let batches = 0;
    expect(
      await runImport(t.db, t.clock, created.id, {
        batchSize: 1000,
        onBatch: () => {
          batches++;
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        },
      }),
    ).toBe(true);
    const done = await getImport(t.db, program.id, created.id);
    expect(done.counts).toEqual({ total: 20_000, created: 20_000, updated: 0, unchanged: 0, rejected: 0 });
    expect(batches).toBe(19);
    // Holding 20k rows would not fit this; one batch at a time does, with room for the GC's slack.
    expect(peak).toBeLessThan(96 * 1024 ** 2);
    const count = await t.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('program_id', '=', program.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(20_000);
    // 20k rows and a full collection after each of 19 batches: more than the default 30 s on a busy machine.
  }, 180_000);
});
