import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember, findMemberByIdentity, upsertMemberByIdentity } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const base = (programId: string) => `/api/programs/${programId}/members`;

async function memberCount(programId: string) {
  const row = await t.db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_id', '=', programId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function auditActions(programId: string) {
  const rows = await t.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'before', 'after'])
    .where('program_id', '=', programId)
    .where('entity_type', '=', 'member')
    .orderBy('id')
    .execute();
  return rows;
}

async function ownerOf(overrides: Parameters<typeof makeProgram>[1] = {}) {
  const program = await makeProgram(t.db, overrides);
  const owner = await makeUser(t, program.id);
  return { program, owner, url: base(program.id) };
}

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

describe('bad input writes nothing', () => {
  it('rejects malformed JSON, wrong types, unknown fields, long strings and invalid values', async () => {
    const { program, owner, url } = await ownerOf({
      memberAttributeSchema: {
        card_no: { type: 'string', required: true, maxLength: 10 },
        shoe_size: { type: 'integer', minimum: 20, maximum: 50 },
      },
    });
    const raw = (payload: string) =>
      owner.request({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
    const post = (payload: Record<string, unknown>) =>
      owner.request({ method: 'POST', url, payload: { attributes: { card_no: 'C1' }, ...payload } });

    const malformed = await raw('{"email": ');
    expect(malformed.json().error.code).toBe('malformed_json');
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ email: 5 }, 'validation_failed', 'body.email'],
      [{ email: 'a@example.com', colour: 'red' }, 'validation_failed', 'unknown field "colour"'],
      [{ email: 'a@example.com', firstName: 'x'.repeat(101) }, 'validation_failed'],
      [{ externalId: 'x'.repeat(201) }, 'validation_failed'],
      [{ email: 'not-an-email' }, 'invalid_email'],
      [{ phone: '12' }, 'invalid_phone'],
      [{ phone: '050-123' }, 'invalid_phone'],
      [{ email: 'a@example.com', birthday: '2023-02-29' }, 'validation_failed', 'body.birthday'],
      [{ email: 'a@example.com', birthday: '2999-01-01' }, 'invalid_date'],
      [{ email: 'a@example.com', anniversary: '31/12/2020' }, 'validation_failed'],
      [{ email: 'a@example.com', timeZone: 'Mars/Olympus' }, 'invalid_time_zone'],
      [{ email: 'a@example.com', locale: 'de' }, 'validation_failed'],
      [
        { email: 'a@example.com', attributes: { card_no: 'C1', colour: 'red' } },
        'invalid_attributes',
        'colour',
      ],
      [{ email: 'a@example.com', attributes: {} }, 'invalid_attributes', 'card_no'],
      [{ email: 'a@example.com', attributes: { card_no: 'C1', shoe_size: '40' } }, 'invalid_attributes'],
      [{ email: 'a@example.com', attributes: { card_no: 'C1', shoe_size: 60 } }, 'invalid_attributes'],
      [{ firstName: 'No identity' }, 'member_identity_required'],
      [{ email: 'a@example.com', referredBy: '00000000-0000-4000-8000-000000000000' }, 'referrer_not_found'],
    ];
    for (const [payload, code, text] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(payload)).toBeLessThan(500);
      expect(res.json().error.code, JSON.stringify(payload)).toBe(code);
      if (text) expect(res.json().error.message).toContain(text);
    }
    expect(await memberCount(program.id)).toBe(0);
    expect(await auditActions(program.id)).toEqual([]);
  });

  it('rejects bad updates and unknown ids without changing the member', async () => {
    const { program, owner, url } = await ownerOf();
    const m = (await owner.request({ method: 'POST', url, payload: { email: 'keep@example.com' } })).json();
    for (const payload of [
      {},
      { email: 'bad' },
      { email: null },
      { timeZone: '+02:00' },
      { nickname: 'x' },
    ]) {
      const res = await owner.request({ method: 'PATCH', url: `${url}/${m.id}`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await owner.request({
        method,
        url: `${url}/${unknown}`,
        ...(method === 'PATCH' ? { payload: { firstName: 'x' } } : {}),
      });
      expect(res.statusCode, method).toBe(404);
      expect(res.json().error.code).toBe('member_not_found');
    }
    // A member of another program is not found here either.
    const other = await ownerOf();
    const stranger = (
      await other.owner.request({ method: 'POST', url: other.url, payload: { email: 's@x.io' } })
    ).json();
    expect((await owner.request({ method: 'GET', url: `${url}/${stranger.id}` })).statusCode).toBe(404);

    const row = await t.db.selectFrom('members').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(row.email).toBe('keep@example.com');
    expect((await auditActions(program.id)).map((a) => a.action)).toEqual(['member.created']);
  });
});

describe('authentication and permissions', () => {
  it('needs a session or key, and the right role or permission, before writing anything', async () => {
    const { program, url } = await ownerOf();
    const anonymous = await t.app.inject({ method: 'POST', url, payload: { email: 'a@example.com' } });
    expect(anonymous.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);

    const viewer = await makeUser(t, program.id, 'viewer');
    expect((await viewer.request({ method: 'GET', url })).statusCode).toBe(200);
    const viewerWrite = await viewer.request({ method: 'POST', url, payload: { email: 'a@example.com' } });
    expect(viewerWrite.statusCode).toBe(403);
    expect(viewerWrite.json().error.code).toBe('forbidden');

    const reader = await makeApiKey(t, program.id, ['members:read']);
    expect((await reader.request({ method: 'GET', url })).statusCode).toBe(200);
    expect(
      (await reader.request({ method: 'POST', url, payload: { email: 'a@example.com' } })).statusCode,
    ).toBe(403);

    const writer = await makeApiKey(t, program.id, ['members:write']);
    const m = (await writer.request({ method: 'POST', url, payload: { email: 'w@example.com' } })).json();
    expect(m.source).toBe('api');
    const agent = await makeUser(t, program.id, 'agent');
    expect(
      (await agent.request({ method: 'PATCH', url: `${url}/${m.id}`, payload: { firstName: 'A' } }))
        .statusCode,
    ).toBe(200);
    // Deleting needs members:delete, which agents and write-only keys lack.
    expect((await agent.request({ method: 'DELETE', url: `${url}/${m.id}` })).statusCode).toBe(403);
    expect((await writer.request({ method: 'DELETE', url: `${url}/${m.id}` })).statusCode).toBe(403);
    expect(
      (await reader.request({ method: 'PATCH', url: `${url}/${m.id}`, payload: { firstName: 'B' } }))
        .statusCode,
    ).toBe(403);

    const otherProgram = await makeProgram(t.db);
    expect((await writer.request({ method: 'GET', url: base(otherProgram.id) })).statusCode).toBe(403);
    expect(await memberCount(program.id)).toBe(1);
    expect(await memberCount(otherProgram.id)).toBe(0);
  });
});

describe('idempotency', () => {
  it('replays a create with the same key and body, and refuses the key with another body', async () => {
    const { program, url } = await ownerOf();
    const key = await makeApiKey(t, program.id, ['members:write', 'members:read']);
    const create = (email: string) =>
      key.request({ method: 'POST', url, headers: { 'idempotency-key': 'signup-42' }, payload: { email } });
    const first = await create('idem@example.com');
    expect(first.statusCode).toBe(201);
    const again = await create('idem@example.com');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await create('someone-else@example.com');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(await memberCount(program.id)).toBe(1);
  });
});

describe('service functions for other modules', () => {
  it('finds by identity and upserts by external id, e-mail or phone', async () => {
    const program = await makeProgram(t.db);
    const upsert = (input: Parameters<typeof upsertMemberByIdentity>[4]) =>
      upsertMemberByIdentity(t.db, t.clock, SYSTEM_ACTOR, program.id, input);

    const a = await upsert({
      externalId: 'u1',
      email: 'u1@example.com',
      firstName: 'שירה',
      source: 'segment',
    });
    expect(a.created).toBe(true);
    expect(a.member.source).toBe('segment');
    const b = await upsert({ externalId: 'u1', lastName: 'לוי' });
    expect(b).toMatchObject({
      created: false,
      member: { id: a.member.id, firstName: 'שירה', lastName: 'לוי' },
    });

    // Found by e-mail; the missing external id is filled in.
    const c = await upsert({ email: 'pos-only@example.com' });
    const d = await upsert({ externalId: 'u2', email: 'POS-ONLY@example.com' });
    expect(d).toMatchObject({ created: false, member: { id: c.member.id, externalId: 'u2' } });

    // An e-mail that belongs to a member with another external id is a conflict, not a merge.
    await expect(upsert({ externalId: 'u3', email: 'u1@example.com' })).rejects.toMatchObject({
      code: 'member_identity_conflict',
    });

    // Phone is used only when nothing stronger is given.
    const e = await upsert({ phone: '054-765-4321' });
    const f = await upsert({ phone: '+972547654321', firstName: 'Noa' });
    expect(f).toMatchObject({ created: false, member: { id: e.member.id, firstName: 'Noa' } });

    expect((await findMemberByIdentity(t.db, program.id, { email: 'U1@Example.com' }))?.id).toBe(a.member.id);
    expect((await findMemberByIdentity(t.db, program.id, { phone: '0547654321' }))?.id).toBe(e.member.id);
    expect(await findMemberByIdentity(t.db, program.id, { externalId: 'nope' })).toBeUndefined();
    expect(await findMemberByIdentity(t.db, program.id, {})).toBeUndefined();

    const audit = await auditActions(program.id);
    expect(audit.filter((x) => x.action === 'member.created')).toHaveLength(3);
  });

  it('runs inside a caller transaction', async () => {
    const program = await makeProgram(t.db);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await createMember(trx, t.clock, SYSTEM_ACTOR, program.id, { email: 'rolled-back@example.com' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await memberCount(program.id)).toBe(0);
  });
});

describe('OpenAPI', () => {
  it('documents the member routes with their schemas', async () => {
    const spec = (await t.app.inject('/openapi.json')).json();
    const members = spec.paths['/api/programs/{programId}/members'];
    expect(members.post.requestBody.content['application/json'].schema.properties.email).toBeDefined();
    expect(members.get.responses['200']).toBeDefined();
    expect(spec.paths['/api/programs/{programId}/members/lookup'].get).toBeDefined();
    expect(spec.paths['/api/programs/{programId}/members/{memberId}'].patch.responses['409']).toBeDefined();
  });
});
