import { describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, type TestContext } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember, findMemberByIdentity, upsertMemberByIdentity } from './index.ts';
import { auditActions, base, memberCount, ownerOf, useMembersTest } from './test-fixtures.ts';

let t: TestContext;
useMembersTest((context) => (t = context));

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
