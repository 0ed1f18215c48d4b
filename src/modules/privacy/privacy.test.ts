import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { adjustPoints } from '../loyalty/index.ts';

let t: TestContext;

beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('member data export and erasure', () => {
  it('exports everything about a member, then erases it idempotently, keeping the row', async () => {
    const program = await makeProgram(t.db, { defaultRegion: 'IL' });
    const owner = await makeUser(t, program.id, 'owner');
    const created = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members`,
      payload: { email: 'tamar@example.com', phone: '050-765-4321', firstName: 'תמר', externalId: 'pos-9' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const memberId = created.json().id as string;
    const base = `/api/programs/${program.id}/members/${memberId}`;
    await adjustPoints(t.db, t.clock, SYSTEM_ACTOR, program.id, memberId, { points: 500, reason: 'welcome' });
    await adjustPoints(t.db, t.clock, SYSTEM_ACTOR, program.id, memberId, { points: -120, reason: 'fix' });
    const totals = () =>
      Promise.all([
        t.db
          .selectFrom('loyalty_accounts')
          .selectAll()
          .where('member_id', '=', memberId)
          .executeTakeFirstOrThrow(),
        t.db
          .selectFrom('loyalty_ledger')
          .selectAll()
          .where('member_id', '=', memberId)
          .orderBy('id')
          .execute(),
      ]);
    const [accountBefore, ledgerBefore] = await totals();
    expect(accountBefore.available).toBe(380);

    const exported = await owner.request({ method: 'GET', url: `${base}/data-export` });
    expect(exported.statusCode).toBe(200);
    const body = exported.json();
    expect(body.data.member).toMatchObject({
      email: 'tamar@example.com',
      first_name: 'תמר',
      phone: '+972507654321',
    });
    expect(body.data.auditTrail.map((e: { action: string }) => e.action)).toContain('member.created');
    expect(body.data.messages).toEqual([]);
    expect(body.data.events).toEqual([]);
    expect(body.data.loyalty.account).toMatchObject({ available: 380 });
    expect(body.data.loyalty.ledger).toHaveLength(2);

    const viewer = await makeUser(t, program.id, 'viewer');
    expect((await viewer.request({ method: 'POST', url: `${base}/erase` })).statusCode).toBe(403);

    const erased = await owner.request({ method: 'POST', url: `${base}/erase` });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toEqual({ memberId, erased: true, alreadyErased: false });
    const row = await t.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'anonymized',
      email: null,
      phone: null,
      first_name: null,
      external_id: null,
      search_text: '',
    });
    expect(row.deleted_at).not.toBeNull();
    // Accounting: the points account and every ledger row are as before; only the typed reasons are gone.
    const [accountAfter, ledgerAfter] = await totals();
    expect(accountAfter).toEqual(accountBefore);
    expect(ledgerAfter).toEqual(ledgerBefore.map((r) => ({ ...r, reason: 'erased' })));
    expect((await owner.request({ method: 'GET', url: base })).statusCode).toBe(404);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('program_id', '=', program.id)
      .execute();
    expect(JSON.stringify(audit)).not.toContain('tamar');
    expect(JSON.stringify(audit)).not.toContain('תמר');
    expect(audit.map((a) => a.action)).toContain('member.erased');

    const again = await owner.request({ method: 'POST', url: `${base}/erase` });
    expect(again.json()).toEqual({ memberId, erased: true, alreadyErased: true });
    const after = (await owner.request({ method: 'GET', url: `${base}/data-export` })).json();
    expect(after.data.member).toMatchObject({ email: null, first_name: null, status: 'anonymized' });
    // The e-mail is free again: the person can rejoin as a new member.
    const rejoin = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/members`,
      payload: { email: 'tamar@example.com' },
    });
    expect(rejoin.statusCode).toBe(201);
  });

  it('404s for a member of another program', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id, 'owner');
    const res = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/00000000-0000-4000-8000-000000000000/data-export`,
    });
    expect(res.statusCode).toBe(404);
  });
});
