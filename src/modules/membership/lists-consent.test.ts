import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const unique = () => Math.random().toString(36).slice(2, 10);
const newMember = (programId: string) =>
  createMember(t.db, t.clock, SYSTEM_ACTOR, programId, {
    email: `m-${unique()}@example.com`,
    firstName: 'נועה',
  });

describe('lists and tags', () => {
  it('creates lists, adds members to many lists, and counts subscribers', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const base = `/api/programs/${program.id}`;
    const web = await owner.request({
      method: 'POST',
      url: `${base}/lists`,
      payload: { name: 'הרשמות מהאתר', showInPreferences: true },
    });
    expect(web.statusCode).toBe(201);
    const vip = await owner.request({ method: 'POST', url: `${base}/lists`, payload: { name: 'VIP' } });
    const dup = await owner.request({
      method: 'POST',
      url: `${base}/lists`,
      payload: { name: ' הרשמות  מהאתר ' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('list_name_taken');

    const member = await newMember(program.id);
    for (const list of [web, vip]) {
      const add = await owner.request({
        method: 'POST',
        url: `${base}/lists/${list.json().id}/members`,
        payload: { memberIds: [member.id] },
      });
      expect(add.json()).toEqual({ added: 1 });
    }
    const again = await owner.request({
      method: 'POST',
      url: `${base}/lists/${vip.json().id}/members`,
      payload: { memberIds: [member.id] },
    });
    expect(again.json()).toEqual({ added: 0 });

    const view = await owner.request({ method: 'GET', url: `${base}/members/${member.id}/membership` });
    expect(
      view
        .json()
        .lists.map((l: { name: string }) => l.name)
        .sort(),
    ).toEqual(['VIP', 'הרשמות מהאתר']);
    const lists = await owner.request({ method: 'GET', url: `${base}/lists` });
    expect(lists.json().items.map((l: { subscribedCount: number }) => l.subscribedCount)).toEqual([1, 1]);

    const removed = await owner.request({
      method: 'DELETE',
      url: `${base}/lists/${vip.json().id}/members/${member.id}`,
    });
    expect(removed.statusCode).toBe(204);
    const subs = await owner.request({ method: 'GET', url: `${base}/lists/${vip.json().id}/members` });
    expect(subs.json().items).toMatchObject([
      {
        memberId: member.id,
        status: 'unsubscribed',
        member: { firstName: 'נועה', lastName: null, email: member.email },
      },
    ]);
  });

  it('refuses unknown members and lists of another program without writing', async () => {
    const program = await makeProgram(t.db);
    const other = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const list = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/lists`,
      payload: { name: 'A' },
    });
    const stranger = await newMember(other.id);
    const mine = await newMember(program.id);
    const res = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/lists/${list.json().id}/members`,
      payload: { memberIds: [mine.id, stranger.id] },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('member_not_found');
    const subs = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/lists/${list.json().id}/members`,
    });
    expect(subs.json().items).toEqual([]);
  });

  it('tags members with Hebrew and Persian tags and counts them', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const a = await newMember(program.id);
    const b = await newMember(program.id);
    const url = (id: string) => `/api/programs/${program.id}/members/${id}/tags`;
    await owner.request({ method: 'POST', url: url(a.id), payload: { tags: ['לקוח חוזר', 'مشتری ویژه'] } });
    const res = await owner.request({ method: 'POST', url: url(b.id), payload: { tags: [' לקוח  חוזר '] } });
    expect(res.json().tags).toEqual(['לקוח חוזר']);
    const counts = await owner.request({ method: 'GET', url: `/api/programs/${program.id}/tags` });
    expect(counts.json().items).toEqual([
      { tag: 'לקוח חוזר', members: 2 },
      { tag: 'مشتری ویژه', members: 1 },
    ]);
    const del = await owner.request({
      method: 'DELETE',
      url: `${url(a.id)}/${encodeURIComponent('مشتری ویژه')}`,
    });
    expect(del.statusCode).toBe(204);
    const bad = await owner.request({ method: 'POST', url: url(a.id), payload: { tags: ['   '] } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('consent records', () => {
  it('keeps the whole history; the current status is the newest record', async () => {
    const program = await makeProgram(t.db);
    const pos = await makeApiKey(t, program.id, ['membership:write', 'membership:read']);
    const member = await newMember(program.id);
    const url = `/api/programs/${program.id}/members/${member.id}/consents`;
    const grant = await pos.request({
      method: 'POST',
      url,
      payload: {
        channel: 'sms',
        purpose: 'marketing',
        status: 'granted',
        source: 'pos',
        sourceRef: 'store-7',
        textShown: 'אני מאשר/ת קבלת הודעות SMS שיווקיות',
        locale: 'he',
      },
    });
    expect(grant.statusCode).toBe(201);
    t.clock.advance(60_000);
    const withdraw = await pos.request({
      method: 'POST',
      url,
      payload: { channel: 'sms', purpose: 'marketing', status: 'withdrawn' },
    });
    expect(withdraw.json()).toMatchObject({ source: 'api', status: 'withdrawn' });
    const res = await pos.request({ method: 'GET', url });
    expect(res.json().current).toMatchObject([{ channel: 'sms', purpose: 'marketing', status: 'withdrawn' }]);
    expect(res.json().history).toMatchObject([
      {
        status: 'granted',
        source: 'pos',
        sourceRef: 'store-7',
        textShown: 'אני מאשר/ת קבלת הודעות SMS שיווקיות',
      },
      { status: 'withdrawn', source: 'api' },
    ]);
    expect(res.json().history[0].recordedBy).toMatch(/^api_key:/);
  });

  it('the database refuses to overwrite a consent record', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const member = await newMember(program.id);
    await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members/${member.id}/consents`,
      payload: {
        channel: 'email',
        purpose: 'marketing',
        status: 'granted',
        textShown: 'Yes, e-mail me offers',
      },
    });
    await expect(
      t.db
        .updateTable('consent_records')
        .set({ status: 'withdrawn' })
        .where('member_id', '=', member.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    const rows = await t.db
      .selectFrom('consent_records')
      .selectAll()
      .where('member_id', '=', member.id)
      .execute();
    expect(rows).toMatchObject([{ status: 'granted', text_shown: 'Yes, e-mail me offers' }]);
  });

  it('rejects bad consent input clearly', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const member = await newMember(program.id);
    const res = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members/${member.id}/consents`,
      payload: { channel: 'fax', purpose: 'marketing', status: 'granted' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toBe('body.channel');
    const viewer = await makeUser(t, program.id, 'viewer');
    const denied = await viewer.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members/${member.id}/consents`,
      payload: { channel: 'email', purpose: 'marketing', status: 'granted' },
    });
    expect(denied.statusCode).toBe(403);
  });
});
