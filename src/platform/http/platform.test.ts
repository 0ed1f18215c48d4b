import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('answers liveness and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('serves OpenAPI 3.1 with the error model and the docs UI', async () => {
    const spec = (await t.app.inject('/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/api/auth/login']).toBeDefined();
    expect(JSON.stringify(spec.paths['/api/programs/{programId}'].patch.responses['400'])).toContain(
      'ErrorResponse',
    );
    const docs = await t.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('gives unknown routes a JSON 404', async () => {
    const res = await t.app.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
  });
});

describe('bad input', () => {
  it('rejects malformed JSON, wrong types, unknown fields and over-long strings without writing', async () => {
    const program = await makeProgram(t.db, { name: 'Before' });
    const owner = await makeUser(t, program.id);
    const url = `/api/programs/${program.id}`;
    const send = (payload: string) =>
      owner.request({ method: 'PATCH', url, payload, headers: { 'content-type': 'application/json' } });

    const malformed = await send('{"name": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');

    const wrongType = await send(JSON.stringify({ name: 5 }));
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({ code: 'validation_failed' });
    expect(wrongType.json().error.details.issues[0].path).toBe('body.name');

    const unknown = await send(JSON.stringify({ name: 'X', colour: 'red' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('unknown field "colour"');

    const tooLong = await send(JSON.stringify({ name: 'x'.repeat(201) }));
    expect(tooLong.statusCode).toBe(400);

    const badZone = await send(JSON.stringify({ timeZone: 'Mars/Olympus' }));
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.code).toBe('invalid_time_zone');

    const badId = await owner.request({ method: 'GET', url: '/api/programs/not-a-uuid' });
    expect(badId.statusCode).toBe(403);

    const row = await t.db
      .selectFrom('programs')
      .select('name')
      .where('id', '=', program.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Before');
  });
});

describe('authentication and roles', () => {
  it('signs in, reads the session and signs out', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const session = await owner.request({ method: 'GET', url: '/api/auth/session' });
    expect(session.statusCode).toBe(200);
    expect(session.json().programs).toEqual([{ id: program.id, name: program.name, role: 'owner' }]);
    const out = await owner.request({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    const after = await owner.request({ method: 'GET', url: '/api/auth/session' });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a missing session, a wrong password and then rate-limits', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/programs/${program.id}` })).statusCode).toBe(401);
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: owner.email, password: 'wrong password!' },
        remoteAddress: '10.9.8.7',
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).json().error.code).toBe('invalid_credentials');
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('900');
    // The right password from the same address waits out the window; from another address it signs in.
    const sameAddress = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: owner.email, password: 'correct horse battery' },
      remoteAddress: '10.9.8.7',
    });
    expect(sameAddress.statusCode).toBe(429);
    t.clock.advance(16 * 60_000);
    const later = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: owner.email, password: 'correct horse battery' },
      remoteAddress: '10.9.8.7',
    });
    expect(later.statusCode).toBe(200);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/programs/${program.id}`,
      headers: { cookie: owner.cookie },
      payload: { name: 'Hijacked' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });

  it('enforces roles per program', async () => {
    const program = await makeProgram(t.db);
    const other = await makeProgram(t.db);
    const viewer = await makeUser(t, program.id, 'viewer');
    expect((await viewer.request({ method: 'GET', url: `/api/programs/${program.id}` })).statusCode).toBe(
      200,
    );
    const write = await viewer.request({
      method: 'PATCH',
      url: `/api/programs/${program.id}`,
      payload: { name: 'X' },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toContain('viewer');
    expect((await viewer.request({ method: 'GET', url: `/api/programs/${other.id}` })).statusCode).toBe(403);
  });

  it('API keys are shown once, scoped to a program and permissions, and revocable', async () => {
    const program = await makeProgram(t.db);
    const other = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const created = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/api-keys`,
      payload: { name: 'POS', permissions: ['program:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, id } = created.json();
    expect(key).toMatch(/^mk_/);
    const stored = await t.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);
    const listed = await owner.request({ method: 'GET', url: `/api/programs/${program.id}/api-keys` });
    expect(JSON.stringify(listed.json())).not.toContain(key);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await t.app.inject({ url: `/api/programs/${program.id}`, headers: bearer })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ url: `/api/programs/${other.id}`, headers: bearer })).statusCode).toBe(403);
    const write = await t.app.inject({
      method: 'PATCH',
      url: `/api/programs/${program.id}`,
      headers: bearer,
      payload: { name: 'Y' },
    });
    expect(write.statusCode).toBe(403);

    const revoked = await owner.request({
      method: 'DELETE',
      url: `/api/programs/${program.id}/api-keys/${id}`,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/programs/${program.id}`, headers: bearer })).statusCode).toBe(
      401,
    );
  });
});

describe('idempotency and audit', () => {
  it('replays the same key and body, refuses the same key with another body', async () => {
    const program = await makeProgram(t.db);
    const caller = await makeApiKey(t, program.id, ['program:write', 'program:read', 'audit:read']);
    const patch = (name: string) =>
      caller.request({
        method: 'PATCH',
        url: `/api/programs/${program.id}`,
        headers: { 'idempotency-key': 'rename-1' },
        payload: { name },
      });
    const first = await patch('Café Hebrew קפה');
    expect(first.statusCode).toBe(200);
    const again = await patch('Café Hebrew קפה');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await patch('Another');
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');

    const audit = await caller.request({ method: 'GET', url: `/api/programs/${program.id}/audit-log` });
    const entries = audit.json().items.filter((e: { action: string }) => e.action === 'program.updated');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_type: 'api_key',
      before: { name: 'Test club' },
      after: { name: 'Café Hebrew קפה' },
    });
  });
});
