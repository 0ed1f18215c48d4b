import { describe, expect, it } from 'vitest';
import { makeApiKey, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from './index.ts';
import { auditActions, memberCount, ownerOf, useMembersTest } from './test-fixtures.ts';

let t: TestContext;
useMembersTest((context) => (t = context));

describe('members CRUD', () => {
  it('creates, reads, updates and soft-deletes a member, auditing each write', async () => {
    const { program, owner, url } = await ownerOf({
      memberAttributeSchema: { shoe_size: { type: 'integer', minimum: 20, maximum: 50 } },
    });
    const created = await owner.request({
      method: 'POST',
      url,
      payload: {
        externalId: 'pos-1',
        email: ' Dana.Cohen@Example.COM ',
        phone: '050-123-4567',
        firstName: 'דנה',
        lastName: 'כהן',
        birthday: '2024-02-29',
        locale: 'he',
        timeZone: 'Asia/Jerusalem',
        attributes: { shoe_size: 38 },
      },
    });
    expect(created.statusCode).toBe(201);
    const member = created.json();
    expect(member).toMatchObject({
      programId: program.id,
      externalId: 'pos-1',
      email: 'dana.cohen@example.com',
      phone: '+972501234567',
      firstName: 'דנה',
      birthday: '2024-02-29',
      attributes: { shoe_size: 38 },
      status: 'active',
      source: 'admin',
    });

    const read = await owner.request({ method: 'GET', url: `${url}/${member.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(member);

    const updated = await owner.request({
      method: 'PATCH',
      url: `${url}/${member.id}`,
      payload: { lastName: 'לוי', phone: null, attributes: { shoe_size: null } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      lastName: 'לוי',
      phone: null,
      attributes: {},
      email: member.email,
    });

    const deleted = await owner.request({ method: 'DELETE', url: `${url}/${member.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await owner.request({ method: 'GET', url: `${url}/${member.id}` })).statusCode).toBe(404);
    const again = await owner.request({ method: 'DELETE', url: `${url}/${member.id}` });
    expect(again.json().error.code).toBe('member_not_found');

    const row = await t.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('deleted');
    expect(row.deleted_at).not.toBeNull();

    const audit = await auditActions(program.id);
    expect(audit.map((a) => a.action)).toEqual(['member.created', 'member.updated', 'member.deleted']);
    expect(audit[1]).toMatchObject({ before: { lastName: 'כהן' }, after: { lastName: 'לוי' } });
    expect(audit[2]).toMatchObject({ before: { id: member.id }, after: null });

    // Deleting frees the identity for a new member.
    const reborn = await owner.request({ method: 'POST', url, payload: { externalId: 'pos-1' } });
    expect(reborn.statusCode).toBe(201);
    expect(reborn.json().id).not.toBe(member.id);
  });

  it('leaves an unchanged member and the audit log alone on a no-op update', async () => {
    const { program, owner, url } = await ownerOf();
    const m = (await owner.request({ method: 'POST', url, payload: { email: 'a@example.com' } })).json();
    const same = await owner.request({
      method: 'PATCH',
      url: `${url}/${m.id}`,
      payload: { email: 'A@example.com' },
    });
    expect(same.statusCode).toBe(200);
    expect(same.json().updatedAt).toBe(m.updatedAt);
    expect((await auditActions(program.id)).map((a) => a.action)).toEqual(['member.created']);
  });

  it('reads local phone numbers in the program region (IR) and keeps international ones', async () => {
    const { owner, url } = await ownerOf({ defaultRegion: 'IR' });
    const local = await owner.request({
      method: 'POST',
      url,
      payload: { phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹', firstName: 'کیان', locale: 'fa', timeZone: 'Asia/Tehran' },
    });
    expect(local.json().phone).toBe('+989123456789');
    const abroad = await owner.request({ method: 'POST', url, payload: { phone: '+972 50 765 4321' } });
    expect(abroad.json().phone).toBe('+972507654321');
  });
});

describe('list, pagination and search', () => {
  it('pages newest first with a cursor and no gaps or repeats, even at equal timestamps', async () => {
    const { program, owner, url } = await ownerOf();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      if (i % 2 === 0) t.clock.advance(1000); // pairs share created_at: the id breaks the tie
      const m = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, { externalId: `c-${i}` });
      ids.push(m.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await owner.request({
        method: 'GET',
        url: `${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((m) => m.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual([...ids].sort());
    const first = (await owner.request({ method: 'GET', url: `${url}?limit=1` })).json();
    expect(first.items[0].externalId).toMatch(/^c-(5|6)$/);

    const bad = await owner.request({ method: 'GET', url: `${url}?cursor=nonsense` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('returns an empty page for a program without members', async () => {
    const { owner, url } = await ownerOf();
    const res = await owner.request({ method: 'GET', url });
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it('finds members by Hebrew and Persian names, e-mail, phone (local or international) and external id', async () => {
    const { program, owner, url } = await ownerOf();
    const add = (input: Parameters<typeof createMember>[4]) =>
      createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, input);
    const dana = await add({
      firstName: 'דָּנָה',
      lastName: 'כהן',
      email: 'dana@example.com',
      phone: '050-123-4567',
    });
    const ali = await add({
      firstName: 'علی',
      lastName: 'رضایی',
      email: 'ali@example.ir',
      phone: '+989123456789',
    });
    const mr = await add({ firstName: 'محمد‌رضا', lastName: 'کریمی', externalId: 'CRM-77' });
    const jose = await add({ firstName: 'José', lastName: 'Álvarez', email: 'jose@example.es' });

    const search = async (q: string) => {
      const res = await owner.request({ method: 'GET', url: `${url}?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
      return (res.json().items as { id: string }[]).map((m) => m.id).sort();
    };
    expect(await search('דנה')).toEqual([dana.id]);
    expect(await search('כה')).toEqual([dana.id]);
    expect(await search('כהן דנה')).toEqual([dana.id]);
    expect(await search('علي')).toEqual([ali.id]); // Arabic yeh finds the Persian spelling
    expect(await search('رضایی')).toEqual([ali.id]);
    expect(await search('محمدرضا')).toEqual([mr.id]);
    expect(await search('jose alvarez')).toEqual([jose.id]);
    expect(await search('EXAMPLE.IR')).toEqual([ali.id]);
    expect(await search('050-123-4567')).toEqual([dana.id]);
    expect(await search('0501234')).toEqual([dana.id]);
    expect(await search('+972 50 123 4567')).toEqual([dana.id]);
    expect(await search('۰۹۱۲۳۴۵')).toEqual([ali.id]);
    expect(await search('CRM-77')).toEqual([mr.id]);
    expect(await search('%')).toEqual([]);
    expect(await search('nobody')).toEqual([]);
  });
});

describe('lookup for POS', () => {
  it('finds one member by e-mail, phone or external id', async () => {
    const { program, owner, url } = await ownerOf();
    const m = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
      externalId: 'pos-9',
      email: 'pos@example.com',
      phone: '052-555-1234',
    });
    const pos = await makeApiKey(t, program.id, ['members:read']);
    for (const query of [
      'email=POS@example.com',
      'phone=0525551234',
      'phone=%2B972525551234',
      'externalId=pos-9',
    ]) {
      const res = await pos.request({ method: 'GET', url: `${url}/lookup?${query}` });
      expect(res.statusCode, query).toBe(200);
      expect(res.json().id).toBe(m.id);
    }
    const missing = await owner.request({ method: 'GET', url: `${url}/lookup?email=nobody@example.com` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('member_not_found');
    const two = await owner.request({ method: 'GET', url: `${url}/lookup?email=a@example.com&externalId=x` });
    expect(two.statusCode).toBe(400);
    const none = await owner.request({ method: 'GET', url: `${url}/lookup` });
    expect(none.statusCode).toBe(400);

    await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
      email: 'spouse@example.com',
      phone: '052-555-1234',
    });
    const shared = await owner.request({ method: 'GET', url: `${url}/lookup?phone=052-555-1234` });
    expect(shared.statusCode).toBe(409);
    expect(shared.json().error.code).toBe('member_ambiguous');
    expect(shared.json().error.details.memberIds).toHaveLength(2);
  });
});

describe('duplicates', () => {
  it('refuses a second member with the same external id or e-mail, naming the existing one', async () => {
    const { program, owner, url } = await ownerOf();
    const first = (
      await owner.request({ method: 'POST', url, payload: { externalId: 'x-1', email: 'dup@example.com' } })
    ).json();
    for (const payload of [{ externalId: 'x-1' }, { email: 'DUP@example.com' }]) {
      const res = await owner.request({ method: 'POST', url, payload });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'member_exists', details: { existingId: first.id } });
    }
    const other = (
      await owner.request({ method: 'POST', url, payload: { email: 'other@example.com' } })
    ).json();
    const clash = await owner.request({
      method: 'PATCH',
      url: `${url}/${other.id}`,
      payload: { email: 'dup@example.com' },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details.existingId).toBe(first.id);
    expect(await memberCount(program.id)).toBe(2);
  });

  it('lets exactly one of two concurrent creates of the same e-mail win', async () => {
    const { program, url } = await ownerOf();
    const key = await makeApiKey(t, program.id, ['members:write']);
    const results = await Promise.all(
      [1, 2, 3].map(() => key.request({ method: 'POST', url, payload: { email: 'race@example.com' } })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const winner = results.find((r) => r.statusCode === 201)!.json();
    for (const r of results.filter((x) => x.statusCode === 409)) {
      expect(r.json().error).toMatchObject({ code: 'member_exists', details: { existingId: winner.id } });
    }
    expect(await memberCount(program.id)).toBe(1);
  });
});
