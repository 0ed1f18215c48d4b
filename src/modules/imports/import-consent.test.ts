import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { consentHistory, recordConsent, unsubscribeFromLists } from '../membership/index.ts';
import type { ImportView } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

async function club() {
  const program = await makeProgram(t.db, { defaultRegion: 'IL', timeZone: 'Asia/Jerusalem' });
  const owner = await makeUser(t, program.id, 'owner');
  const list = async (name: string) =>
    (
      await owner.request({ method: 'POST', url: `/api/programs/${program.id}/lists`, payload: { name } })
    ).json().id as string;
  return { program, owner, vip: await list('VIP'), web: await list('הרשמות מהאתר') };
}

async function importCsv(owner: Actor, programId: string, csv: string, query: Record<string, string>) {
  const res = await owner.request({
    method: 'POST',
    url: `/api/programs/${programId}/imports?${new URLSearchParams(query).toString()}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  if (res.statusCode !== 202) return res;
  await new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();
  return owner.request({ method: 'GET', url: `/api/programs/${programId}/imports/${res.json().id}` });
}

const CSV =
  'מספר לקוח,אימייל,טלפון,אישור דיוור,הסכמה לsms,consent_phone_service,רשימות\n' +
  'c-1,dana@example.com,050-111-2233,כן,לא,yes,VIP\n' +
  'c-2,omid@example.ir,,بله,,,vip; הרשמות מהאתר\n' +
  'c-3,sam@example.com,,no,Y,,\n';

const QUERY = { consent: 'email:service', consentText: 'אני מאשר/ת קבלת דיוור', list: 'הרשמות מהאתר' };

async function memberId(programId: string, externalId: string) {
  const m = await t.db
    .selectFrom('members')
    .select('id')
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return m.id;
}

function listRows(programId: string) {
  return t.db
    .selectFrom('list_members')
    .innerJoin('members', 'members.id', 'list_members.member_id')
    .innerJoin('lists', 'lists.id', 'list_members.list_id')
    .select(['members.external_id', 'lists.name', 'list_members.status', 'list_members.source'])
    .where('list_members.program_id', '=', programId)
    .orderBy('members.external_id')
    .orderBy('lists.name')
    .execute();
}

async function consentCount(programId: string) {
  const r = await t.db
    .selectFrom('consent_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_id', '=', programId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('CSV import: consent and lists', () => {
  it('records consent with source "import" and subscribes to lists; a re-run adds nothing', async () => {
    const { program, owner } = await club();
    const first = (await importCsv(owner, program.id, CSV, QUERY)).json() as ImportView;
    expect(first.status).toBe('completed');
    expect(first.counts).toMatchObject({ created: 3, rejected: 0 });
    expect(first.effects).toEqual({
      consentRecorded: 9,
      consentUnchanged: 0,
      consentWithdrawalsKept: 0,
      listsAdded: 5,
      listsExisting: 0,
      phonesDropped: 0,
    });

    const dana = await consentHistory(t.db, program.id, await memberId(program.id, 'c-1'));
    expect(dana.map((c) => [c.channel, c.purpose, c.status]).sort()).toEqual([
      ['email', 'marketing', 'granted'],
      ['email', 'service', 'granted'],
      ['phone', 'service', 'granted'],
      ['sms', 'marketing', 'withdrawn'],
    ]);
    expect(dana.every((c) => c.source === 'import' && c.sourceRef === first.id)).toBe(true);
    expect(dana[0]!.textShown).toBe('אני מאשר/ת קבלת דיוור');
    const sam = await consentHistory(t.db, program.id, await memberId(program.id, 'c-3'));
    expect(sam.map((c) => [c.channel, c.purpose, c.status]).sort()).toEqual([
      ['email', 'marketing', 'withdrawn'],
      ['email', 'service', 'granted'],
      ['sms', 'marketing', 'granted'],
    ]);
    expect((await listRows(program.id)).map((r) => [r.external_id, r.name, r.status, r.source])).toEqual([
      ['c-1', 'VIP', 'subscribed', 'import'],
      ['c-1', 'הרשמות מהאתר', 'subscribed', 'import'],
      ['c-2', 'VIP', 'subscribed', 'import'],
      ['c-2', 'הרשמות מהאתר', 'subscribed', 'import'],
      ['c-3', 'הרשמות מהאתר', 'subscribed', 'import'],
    ]);

    const records = await consentCount(program.id);
    const again = (await importCsv(owner, program.id, CSV, QUERY)).json() as ImportView;
    expect(again.counts).toMatchObject({ unchanged: 3, created: 0, updated: 0 });
    expect(again.effects).toMatchObject({ consentRecorded: 0, consentUnchanged: 9, listsAdded: 0 });
    expect(again.effects.listsExisting).toBe(5);
    expect(await consentCount(program.id)).toBe(records);
    expect(await listRows(program.id)).toHaveLength(5);
  });

  it('never re-grants consent the member withdrew, nor re-adds them to a list they left', async () => {
    const { program, owner, vip } = await club();
    await importCsv(owner, program.id, CSV, QUERY);
    const dana = await memberId(program.id, 'c-1');
    await recordConsent(t.db, t.clock, {
      programId: program.id,
      memberId: dana,
      channel: 'email',
      purpose: 'marketing',
      status: 'withdrawn',
      source: 'unsubscribe',
    });
    await unsubscribeFromLists(t.db, t.clock, { programId: program.id, memberId: dana, listIds: [vip] });
    const again = (await importCsv(owner, program.id, CSV, QUERY)).json() as ImportView;
    expect(again.effects).toMatchObject({ consentRecorded: 0, consentWithdrawalsKept: 1 });
    const history = await consentHistory(t.db, program.id, dana);
    expect(history.at(-1)).toMatchObject({ channel: 'email', status: 'withdrawn', source: 'unsubscribe' });
    const rows = await listRows(program.id);
    expect(rows.find((r) => r.external_id === 'c-1' && r.name === 'VIP')?.status).toBe('unsubscribed');

    // A later file that says "no" where it said "yes" is a change and is recorded.
    const changed = (
      await importCsv(owner, program.id, 'external_id,consent_sms\nc-3,לא\n', {})
    ).json() as ImportView;
    expect(changed.effects).toMatchObject({ consentRecorded: 1, consentUnchanged: 0 });
  });

  it('dry-run reports the consent and lists it would record, and writes none', async () => {
    const { program, owner } = await club();
    const report = (await importCsv(owner, program.id, CSV, { ...QUERY, dryRun: 'true' })).json();
    expect(report).toMatchObject({ status: 'completed', dryRun: true });
    expect(report.effects).toMatchObject({ consentRecorded: 9, listsAdded: 5 });
    expect(await consentCount(program.id)).toBe(0);
    expect(await listRows(program.id)).toHaveLength(0);
  });

  it('rejects rows naming unknown lists or unclear consent, and unknown target lists up front', async () => {
    const { program, owner } = await club();
    const csv =
      'email,newsletter,list\n' +
      'a@example.com,כן,VIP\n' +
      'b@example.com,maybe,\n' +
      'c@example.com,۱,רשימה שאין\n' +
      'd@example.com,۰,\n';
    const report = (await importCsv(owner, program.id, csv, {})).json() as ImportView;
    expect(report.counts).toMatchObject({ created: 2, rejected: 2 });
    expect(report.effects).toMatchObject({ consentRecorded: 2, listsAdded: 1 });
    const errors = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/imports/${report.id}/errors`,
    });
    expect(errors.body).toContain('invalid_value');
    expect(errors.body).toContain('unknown_list: There is no list ""רשימה שאין""');

    const unknown = await importCsv(owner, program.id, csv, { list: 'No such list' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_list');
    const badConsent = await importCsv(owner, program.id, csv, { consent: 'fax' });
    expect(badConsent.json().error.code).toBe('invalid_consent_option');
  });
});
