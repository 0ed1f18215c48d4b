// Through the API and on the database: the policy saved and read, and the decision counting the messages the
// messaging module has queued or sent — across two campaigns, with a transactional message exempt.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import { addMembersToLists } from '../membership/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { decideContacts, type ContactPressurePolicy } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(async () => {
  await t.close();
});

const POLICY: ContactPressurePolicy = {
  caps: { day: 1, week: 3, month: null },
  quietHours: { start: '21:00', end: '09:00' },
  restDays: ['shabbat', 'jewish_holidays'],
  onExceed: 'defer',
};

async function clubWithPolicy(policy: ContactPressurePolicy = POLICY) {
  const program = await makeProgram(t.db, { timeZone: 'Asia/Jerusalem', defaultRegion: 'IL' });
  const owner = await makeUser(t, program.id, 'owner');
  const res = await owner.request({
    method: 'PUT',
    url: `/api/programs/${program.id}/contact-policy`,
    payload: policy,
  });
  expect(res.statusCode, res.body).toBe(200);
  return { program, owner };
}

async function member(programId: string) {
  return createMember(t.db, t.clock, SYSTEM_ACTOR, programId, {
    email: `m-${crypto.randomBytes(5).toString('hex')}@example.com`,
  });
}

const campaignMail = (programId: string, memberId: string, to: string, purpose: 'marketing' | 'service') =>
  queueMessage(t.db, t.clock, {
    programId,
    memberId,
    channel: 'email',
    kind: purpose === 'marketing' ? 'campaign' : 'receipt',
    purpose,
    to,
    subject: 'מבצע',
    text: 'מבצע',
    unsubscribeUrl: 'http://moadon.test/u/token',
  });

describe('the contact-pressure policy API', () => {
  it('a program without a policy holds nothing back and is offered one for its region', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IR', timeZone: 'Asia/Tehran' });
    const viewer = await makeUser(t, program.id, 'viewer');
    const res = await viewer.request({ method: 'GET', url: `/api/programs/${program.id}/contact-policy` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.saved).toBe(false);
    expect(body.policy).toEqual({
      caps: { day: null, week: null, month: null },
      quietHours: null,
      restDays: [],
      onExceed: 'defer',
    });
    expect(body.suggested.restDays).toEqual(['friday']);
    expect(body.timeZone).toBe('Asia/Tehran');
  });

  it('the owner saves it; a viewer reads it but may not change it; the same Idempotency-Key replays', async () => {
    const { program, owner } = await clubWithPolicy();
    const viewer = await makeUser(t, program.id, 'viewer');
    const read = await viewer.request({ method: 'GET', url: `/api/programs/${program.id}/contact-policy` });
    expect(read.json()).toMatchObject({ saved: true, policy: POLICY });
    const refused = await viewer.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/contact-policy`,
      payload: POLICY,
    });
    expect(refused.statusCode).toBe(403);
    const marketer = await makeUser(t, program.id, 'marketer');
    const changed = { ...POLICY, caps: { day: 2, week: null, month: 10 }, onExceed: 'drop' as const };
    const put = () =>
      marketer.request({
        method: 'PUT',
        url: `/api/programs/${program.id}/contact-policy`,
        headers: { 'idempotency-key': `policy-${program.id}` },
        payload: changed,
      });
    const first = await put();
    const again = await put();
    expect(first.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(first.json().policy).toEqual(changed);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('program_id', '=', program.id)
      .where('action', '=', 'contact_policy.updated')
      .execute();
    expect(audit).toHaveLength(2);
    void owner;
  });

  it('refuses quiet hours that start when they end, and caps below 1, saving nothing', async () => {
    const { program, owner } = await clubWithPolicy();
    const bad = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/contact-policy`,
      payload: { ...POLICY, quietHours: { start: '21:00', end: '21:00' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_contact_policy');
    const zero = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/contact-policy`,
      payload: { ...POLICY, caps: { day: 0, week: null, month: null } },
    });
    expect(zero.json().error.code).toBe('validation_failed');
    const read = await owner.request({ method: 'GET', url: `/api/programs/${program.id}/contact-policy` });
    expect(read.json().policy).toEqual(POLICY);
  });
});

describe('decideContacts on the database', () => {
  it('caps across two campaigns and a transactional message (exempt)', async () => {
    const { program } = await clubWithPolicy();
    t.clock.set('2026-06-10T07:00:00Z'); // Wednesday 10:00 IDT
    const [a, b] = [await member(program.id), await member(program.id)];
    const ask = (purpose: 'marketing' | 'service' = 'marketing') =>
      decideContacts(
        t.db,
        t.clock,
        program.id,
        [a, b].map((m) => ({ memberId: m.id, channel: 'email' as const, purpose, timeZone: null })),
      );
    // The first campaign reaches both.
    const first = await ask();
    expect([...first.values()]).toEqual([{ kind: 'send' }, { kind: 'send' }]);
    await campaignMail(program.id, a.id, a.email!, 'marketing');
    t.clock.set('2026-06-10T08:00:00Z');
    // A receipt to b is service mail: it does not count and is never held back.
    await campaignMail(program.id, b.id, b.email!, 'service');
    expect((await ask('service')).get(a.id)).toEqual({ kind: 'send' });
    // The second campaign the same day: a waits until the same time tomorrow, b (receipt only) goes.
    const second = await ask();
    expect(second.get(a.id)).toEqual({
      kind: 'defer',
      until: new Date('2026-06-11T07:00:00Z'),
      reason: 'frequency_cap',
    });
    expect(second.get(b.id)).toEqual({ kind: 'send' });
    // Dropped instead when that campaign says so.
    const dropped = await decideContacts(
      t.db,
      t.clock,
      program.id,
      [{ memberId: a.id, channel: 'sms', purpose: 'marketing', timeZone: 'Asia/Jerusalem' }],
      { onExceed: 'drop' },
    );
    expect(dropped.get(a.id)).toEqual({ kind: 'drop', reason: 'frequency_cap' });
  });

  it('a failed message does not count', async () => {
    const { program } = await clubWithPolicy();
    t.clock.set('2026-06-10T07:00:00Z');
    const a = await member(program.id);
    const message = await campaignMail(program.id, a.id, a.email!, 'marketing');
    await t.db.updateTable('messages').set({ status: 'failed' }).where('id', '=', message.id).execute();
    const decision = await decideContacts(t.db, t.clock, program.id, [
      { memberId: a.id, channel: 'email', purpose: 'marketing', timeZone: null },
    ]);
    expect(decision.get(a.id)).toEqual({ kind: 'send' });
  });

  it('quiet hours in the member’s zone, the program’s when the member has none', async () => {
    const { program } = await clubWithPolicy({ ...POLICY, restDays: [] });
    t.clock.set('2026-06-10T19:00:00Z'); // 22:00 in Jerusalem, 15:00 in New York
    const a = await member(program.id);
    const b = await member(program.id);
    const decisions = await decideContacts(t.db, t.clock, program.id, [
      { memberId: a.id, channel: 'email', purpose: 'marketing', timeZone: null },
      { memberId: b.id, channel: 'email', purpose: 'marketing', timeZone: 'America/New_York' },
    ]);
    expect(decisions.get(a.id)).toEqual({
      kind: 'defer',
      until: new Date('2026-06-11T06:00:00Z'),
      reason: 'quiet_hours',
    });
    expect(decisions.get(b.id)).toEqual({ kind: 'send' });
  });
});

describe('the preview', () => {
  it('for a list: sent now, deferred until when, dropped, by reason — under the saved or an unsaved policy', async () => {
    const { program, owner } = await clubWithPolicy({ ...POLICY, restDays: [] });
    t.clock.set('2026-06-10T07:00:00Z');
    const [a, b, c] = [await member(program.id), await member(program.id), await member(program.id)];
    await campaignMail(program.id, a.id, a.email!, 'marketing');
    const list = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/lists`,
      payload: { name: 'Newsletter' },
    });
    await addMembersToLists(t.db, t.clock, {
      programId: program.id,
      entries: [a, b, c].map((m) => ({ memberId: m.id, listIds: [list.json().id] })),
      source: 'test',
    });
    t.clock.set('2026-06-10T08:00:00Z');
    const viewer = await makeUser(t, program.id, 'viewer');
    const preview = (payload: object) =>
      viewer.request({ method: 'POST', url: `/api/programs/${program.id}/contact-policy/preview`, payload });
    const saved = await preview({ listId: list.json().id, channel: 'email' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({
      audience: 3,
      send: 2,
      deferred: {
        count: 1,
        byReason: { frequency_cap: 1, quiet_hours: 0, rest_day: 0 },
        earliest: '2026-06-11T07:00:00.000Z',
        latest: '2026-06-11T07:00:00.000Z',
      },
      dropped: { count: 0, byReason: { frequency_cap: 0, quiet_hours: 0, rest_day: 0 } },
    });
    const unsaved = await preview({
      memberIds: [a.id, b.id],
      channel: 'sms',
      policy: { ...POLICY, quietHours: { start: '10:00', end: '12:00' }, onExceed: 'drop' },
    });
    expect(unsaved.json()).toMatchObject({
      audience: 2,
      send: 0,
      dropped: { count: 2, byReason: { frequency_cap: 1, quiet_hours: 1, rest_day: 0 } },
    });
    // Nothing was written: the saved policy is unchanged.
    expect(
      (await viewer.request({ url: `/api/programs/${program.id}/contact-policy` })).json().policy,
    ).toEqual({
      ...POLICY,
      restDays: [],
    });
  });

  it('needs exactly one audience', async () => {
    const { program, owner } = await clubWithPolicy();
    const res = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/contact-policy/preview`,
      payload: { channel: 'email' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_preview');
  });
});
