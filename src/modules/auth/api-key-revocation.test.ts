// A revoked API key stops at once in the process that revoked it (issue 11, defect 13): with many clients
// using the key while it is revoked, no request that starts after the DELETE has answered succeeds.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('API key revocation', () => {
  it('refuses every request that starts after the revocation answered, with 16 clients racing it', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const key = await makeApiKey(t, program.id, ['members:read']);
    const row = await t.db
      .selectFrom('api_keys')
      .select('id')
      .where('program_id', '=', program.id)
      .executeTakeFirstOrThrow();
    const keyId = row.id;

    let revoked = false;
    let lateSuccesses = 0;
    let lateRequests = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const startedAfterRevocation = revoked;
        const res = await key.request({ url: `/api/programs/${program.id}/members?limit=1` });
        if (startedAfterRevocation) {
          lateRequests++;
          if (res.statusCode === 200) lateSuccesses++;
          else expect(res.statusCode).toBe(401);
        }
        if (startedAfterRevocation && lateRequests >= 200) stop = true;
      }
    };
    const clients = Array.from({ length: 16 }, client);
    // Let the key be cached and the clients get going before revoking.
    while ((await key.request({ url: `/api/programs/${program.id}/members?limit=1` })).statusCode !== 200);
    const res = await owner.request({
      method: 'DELETE',
      url: `/api/programs/${program.id}/api-keys/${keyId}`,
    });
    expect(res.statusCode).toBe(200);
    revoked = true;
    await Promise.all(clients);
    expect(lateRequests).toBeGreaterThanOrEqual(200);
    expect(lateSuccesses).toBe(0);
  });

  // The race made certain: a lookup reads the key while the revocation waits to commit. Only a server with
  // several connections can interleave them (PGlite runs one statement at a time).
  it('does not let a lookup that raced the revocation cache the live key', async (context) => {
    if (t.database.kind !== 'postgres') return context.skip();
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const key = await makeApiKey(t, program.id, ['members:read']);
    const url = `/api/programs/${program.id}/members?limit=1`;
    expect((await key.request({ url })).statusCode).toBe(200);
    const { id: keyId } = await t.db
      .selectFrom('api_keys')
      .select('id')
      .where('program_id', '=', program.id)
      .executeTakeFirstOrThrow();

    const blocker = await t.db.startTransaction().execute();
    await blocker.selectFrom('api_keys').select('id').where('id', '=', keyId).forUpdate().execute();
    const revoking = owner.request({
      method: 'DELETE',
      url: `/api/programs/${program.id}/api-keys/${keyId}`,
    });
    for (;;) {
      const waiting = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query ilike 'update "api_keys"%'`.execute(t.db);
      if (waiting.rows[0]!.n > 0) break;
    }
    // Started before the revocation answered: may still pass, but must not keep the key alive afterwards.
    await key.request({ url });
    await blocker.commit().execute();
    expect((await revoking).statusCode).toBe(200);
    const after = await key.request({ url });
    expect(after.statusCode).toBe(401);
  });
});
