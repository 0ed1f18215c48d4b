import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { FORMULA_PAYLOADS, isLiveFormula } from '../../../test/csv-injection.ts';
import { loadConfig } from '../../config.ts';
import { unquoteSpreadsheetCell } from '../../platform/csv.ts';
import { runExportCommand, runImportCommand, type CliIo } from './cli.ts';

let t: TestContext;
let tmp: string;

beforeAll(async () => {
  t = await setupTest();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-cli-test-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    db: t.db,
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    out: () => out,
    err: () => err,
  };
}

const config = () => loadConfig({ MOADON_DATA_DIR: tmp });

describe('moadon import / export', () => {
  it('imports a file with a dry run first, reports progress and writes the error file where asked', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IR' });
    const file = path.join(tmp, 'members.csv');
    fs.writeFileSync(
      file,
      'ایمیل,موبایل,نام,نام خانوادگی\nali@example.ir,0912 345 6789,علی,رضایی\nbad,,x,y\n',
    );
    const errors = path.join(tmp, 'rejected.csv');
    const dry = capture();
    const args = [file, '--program', program.slug, '--errors', errors];
    expect(await runImportCommand([...args, '--dry-run'], config(), dry)).toBe(0);
    expect(dry.out()).toContain(
      'Dry run: would have done: 2 rows, 1 created, 0 updated, 0 unchanged, 1 rejected',
    );
    expect(dry.err()).toContain('100.0%');
    const real = capture();
    expect(await runImportCommand(args, config(), real)).toBe(0);
    expect(real.out()).toContain('2 rows, 1 created');
    expect(real.out()).toContain(errors);
    const [, rejected] = parse(fs.readFileSync(errors), { bom: true }) as string[][];
    expect(rejected![5]).toMatch(/^invalid_email/);
    const m = await t.db
      .selectFrom('members')
      .selectAll()
      .where('program_id', '=', program.id)
      .executeTakeFirstOrThrow();
    expect([m.first_name, m.last_name, m.phone]).toEqual(['علی', 'رضایی', '+989123456789']);

    const usage = capture();
    expect(await runImportCommand([file], config(), usage)).toBe(2);
    expect(usage.err()).toContain('--program is required');
  });

  it('exports chosen fields as UTF-8 CSV with BOM that imports back unchanged', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IL' });
    const owner = await makeUser(t, program.id, 'owner');
    const source = path.join(tmp, 'he.csv');
    fs.writeFileSync(source, 'מספר לקוח,אימייל,שם פרטי\nk1,k1@example.com,אורי\nk2,k2@example.com,שירה\n');
    expect(await runImportCommand([source, '--program', program.id], config(), capture())).toBe(0);

    const res = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/export?fields=external_id,email,first_name`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\ufeffexternal_id,email,first_name\n')).toBe(true);
    const rows = (parse(res.body, { bom: true }) as string[][])
      .slice(1)
      .sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(rows).toEqual([
      ['k1', 'k1@example.com', 'אורי'],
      ['k2', 'k2@example.com', 'שירה'],
    ]);
    const bad = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/export?fields=password`,
    });
    expect(bad.json().error.code).toBe('unknown_field');
    const agent = await makeUser(t, program.id, 'agent');
    expect(
      (await agent.request({ method: 'GET', url: `/api/programs/${program.id}/members/export` })).statusCode,
    ).toBe(403);

    const out = path.join(tmp, 'export.csv');
    const exported = capture();
    expect(await runExportCommand(['--program', program.slug, '--out', out], config(), exported)).toBe(0);
    const again = capture();
    expect(await runImportCommand([out, '--program', program.slug], config(), again)).toBe(0);
    expect(again.out()).toContain('2 rows, 0 created, 0 updated, 2 unchanged, 0 rejected');
  });

  it('writes no live spreadsheet formula in any CSV: API export, CLI export, rejected rows', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IL' });
    const owner = await makeUser(t, program.id, 'owner');
    // Names cannot hold tabs or CRs (the API refuses control characters); the rejected-rows file can.
    for (const [i, name] of FORMULA_PAYLOADS.filter((p) => !/[\t\r]/.test(p)).entries()) {
      const res = await owner.request({
        method: 'POST',
        url: `/api/programs/${program.id}/members`,
        payload: { externalId: `f${i}`, firstName: name, lastName: '-1' },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().firstName).toBe(name); // JSON keeps the raw value
    }
    const stored = await t.db
      .selectFrom('members')
      .select(['external_id', 'first_name'])
      .where('program_id', '=', program.id)
      .orderBy('external_id')
      .execute();
    const cells = (csv: string | Buffer) => (parse(csv, { bom: true }) as string[][]).flat();

    const api = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/export?fields=external_id,first_name,last_name`,
    });
    expect(cells(api.body).filter(isLiveFormula)).toEqual([]);
    const rows = (parse(api.body, { bom: true }) as string[][])
      .slice(1)
      .sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(rows.map((r) => [r[0], unquoteSpreadsheetCell(r[1]!)])).toEqual(
      stored.map((m) => [m.external_id, m.first_name]),
    );
    expect(rows.map((r) => r[2])).toEqual(stored.map(() => '-1')); // a number stays a number

    const out = path.join(tmp, 'formulas.csv');
    expect(await runExportCommand(['--program', program.id, '--out', out], config(), capture())).toBe(0);
    expect(cells(fs.readFileSync(out)).filter(isLiveFormula)).toEqual([]);
    const again = capture();
    expect(await runImportCommand([out, '--program', program.id], config(), again)).toBe(0);
    expect(again.out()).toContain(`${stored.length} rows, 0 created, 0 updated, ${stored.length} unchanged`);

    const bad = path.join(tmp, 'bad-formulas.csv');
    fs.writeFileSync(
      bad,
      'email,first name,=cmd|x\n' +
        FORMULA_PAYLOADS.map((p) => `not-an-email,"${p.replace(/"/g, '""')}",@y`).join('\n'),
    );
    const errors = path.join(tmp, 'bad-formulas-rejected.csv');
    expect(
      await runImportCommand([bad, '--program', program.id, '--errors', errors], config(), capture()),
    ).toBe(0);
    const rejected = cells(fs.readFileSync(errors));
    expect(rejected).toContain("'=cmd|x");
    expect(rejected.filter(isLiveFormula)).toEqual([]);
  });
});
