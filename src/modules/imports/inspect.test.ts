// The admin app's first look at a CSV (header, samples, suggested mapping) and the rejected-rows sample.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { Worker } from '../../platform/jobs/index.ts';

let t: TestContext;
let owner: Actor;
let programId: string;

beforeAll(async () => {
  t = await setupTest();
  const program = await makeProgram(t.db, { defaultRegion: 'IL' });
  programId = program.id;
  owner = await makeUser(t, program.id, 'owner');
});
afterAll(() => t.close());

const inspect = (payload: Buffer | string, query = '') =>
  owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/imports/inspect${query}`,
    headers: { 'content-type': 'text/csv' },
    payload,
  });

describe('inspecting a CSV before upload', () => {
  it('suggests a mapping from Hebrew headers and shows sample rows', async () => {
    const csv = '\ufeffשם פרטי;שם משפחה;טלפון;אימייל;הערות\nנועה;כהן;054-555-0101;noa@example.com;VIP\n';
    const res = await inspect(csv);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      encoding: 'utf8',
      delimiter: ';',
      header: ['שם פרטי', 'שם משפחה', 'טלפון', 'אימייל', 'הערות'],
      sample: [['נועה', 'כהן', '054-555-0101', 'noa@example.com', 'VIP']],
      suggested: { first_name: 'שם פרטי', last_name: 'שם משפחה', phone: 'טלפון', email: 'אימייל' },
      ignored: ['הערות'],
    });
    expect(body.targets).toContain('consent_email');
  });

  it('reads Windows-1255 and leaves out a line cut short', async () => {
    const bytes = iconv.encode('שם,מייל\nדנה,dana@example.com\nיוסי,yos', 'windows-1255');
    const body = (await inspect(bytes, '?complete=false')).json();
    expect(body.encoding).toBe('windows-1255');
    expect(body.sample).toEqual([['דנה', 'dana@example.com']]);
    expect(body.suggested).toEqual({ full_name: 'שם', email: 'מייל' });
  });

  it('answers even when no column identifies members, and refuses an empty file', async () => {
    expect((await inspect('colour,size\nred,9\n')).json().suggested).toEqual({});
    expect((await inspect('')).json().error.code).toBe('empty_file');
  });

  it('needs the import permission', async () => {
    const viewer = await makeUser(t, programId, 'viewer');
    const res = await viewer.request({
      method: 'POST',
      url: `/api/programs/${programId}/imports/inspect`,
      headers: { 'content-type': 'text/csv' },
      payload: 'email\n',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('sample of rejected rows', () => {
  it('lists the first rejected rows with their reasons', async () => {
    const csv = 'email,first name\nok@example.com,Dana\nnot-an-email,נועה\nok@example.com,Dup\n';
    const res = await owner.request({
      method: 'POST',
      url: `/api/programs/${programId}/imports?dryRun=true`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(202);
    await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
    const sample = await owner.request({
      method: 'GET',
      url: `/api/programs/${programId}/imports/${res.json().id}/errors/sample?limit=5`,
    });
    expect(sample.statusCode, sample.body).toBe(200);
    const items = sample.json().items as { row: number; error: string; values: Record<string, string> }[];
    expect(items.map((i) => i.row)).toEqual([2, 3]);
    expect(items[0]!.values).toEqual({ email: 'not-an-email', 'first name': 'נועה' });
    expect(items[1]!.error).toMatch(/^duplicate_in_file/);
  });
});
