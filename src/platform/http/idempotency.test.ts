// A keyed request commits its key, its effect and its answer together (issue 11, defect 4): a retry that
// arrives while the first is running waits for it and replays its answer, never "in progress"; a request that
// fails on our side leaves neither effect nor key. The crash case (kill -9) is test/crash/crash.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantProgramRole,
  makeApiKey,
  makeProgram,
  makeUser,
  setupTest,
  type TestContext,
} from '../../../test/harness.ts';
import { afterCommit, beginRequestTransaction, inRequestTransaction } from '../db/request-transaction.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('keys tied to their transaction', () => {
  it('answers concurrent retries of one key with the first answer and one effect', async () => {
    const program = await makeProgram(t.db);
    const key = await makeApiKey(t, program.id, ['members:write']);
    const send = () =>
      key.request({
        method: 'POST',
        url: `/api/programs/${program.id}/members`,
        headers: { 'idempotency-key': 'join-concurrently' },
        payload: { email: 'same@example.com', firstName: 'Same' },
      });
    const answers = await Promise.all(Array.from({ length: 8 }, send));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
    const members = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', program.id)
      .execute();
    expect(members).toHaveLength(1);
    const keys = await t.db
      .selectFrom('idempotency_keys')
      .select(['state', 'response_status'])
      .where('key', '=', 'join-concurrently')
      .execute();
    expect(keys).toEqual([{ state: 'done', response_status: 201 }]);
  });

  it('keeps a key per program: the same user and key in two clubs are two requests, each replayed in its own', async () => {
    const [a, b] = [await makeProgram(t.db), await makeProgram(t.db)];
    const owner = await makeUser(t, a.id, 'owner');
    await grantProgramRole(t, b.id, owner.userId, 'owner');
    const join = (programId: string) =>
      owner.request({
        method: 'POST',
        url: `/api/programs/${programId}/members`,
        headers: { 'idempotency-key': 'same-key-two-clubs' },
        payload: { email: 'twice@example.com' },
      });
    const [inA, inB, againInA] = [await join(a.id), await join(b.id), await join(a.id)];
    expect([inA.statusCode, inB.statusCode, againInA.statusCode]).toEqual([201, 201, 201]);
    expect(inB.json().id).not.toBe(inA.json().id);
    expect(againInA.headers['idempotent-replayed']).toBe('true');
    expect(againInA.json().id).toBe(inA.json().id);
    const rows = await t.db
      .selectFrom('idempotency_keys')
      .select(['program_id', 'scope'])
      .where('key', '=', 'same-key-two-clubs')
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => r.program_id).sort()).toEqual([a.id, b.id].sort());
    expect(new Set(rows.map((r) => r.scope))).toEqual(new Set([`user:${owner.userId}`]));

    // An API key acts in its own program even where the URL names none (/v1).
    const writeKey = await makeApiKey(t, a.id, ['ingest:write']);
    const identify = await t.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: {
        authorization: `Basic ${Buffer.from(`${writeKey.key}:`).toString('base64')}`,
        'idempotency-key': 'identify-once',
      },
      payload: { userId: 'crm-1', traits: { email: 'v1@example.com' } },
    });
    expect(identify.statusCode).toBe(200);
    const v1 = await t.db
      .selectFrom('idempotency_keys')
      .select('program_id')
      .where('key', '=', 'identify-once')
      .executeTakeFirstOrThrow();
    expect(v1.program_id).toBe(a.id);
  });

  it('rolls back what a request wrote, and its key, when it is not committed', async () => {
    const program = await makeProgram(t.db);
    const transaction = await beginRequestTransaction(t.db);
    const seen: string[] = [];
    await transaction.run(async () => {
      expect(inRequestTransaction()).toBe(true);
      await t.db.updateTable('programs').set({ name: 'Changed' }).where('id', '=', program.id).execute();
      // An inner transaction is a savepoint: its failure undoes only itself.
      await t.db
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable('programs').set({ name: 'Inner' }).where('id', '=', program.id).execute();
          throw new Error('inner fails');
        })
        .catch(() => {});
      // A failing statement of its own (caught) does not abort the request.
      await t.db
        .insertInto('programs')
        .values({ id: program.id, slug: program.slug, name: 'Duplicate' })
        .execute()
        .catch(() => {});
      const row = await t.db
        .selectFrom('programs')
        .select('name')
        .where('id', '=', program.id)
        .executeTakeFirstOrThrow();
      seen.push(row.name);
      afterCommit(() => seen.push('after commit'));
    });
    await transaction.rollback();
    expect(seen).toEqual(['Changed']);
    const row = await t.db
      .selectFrom('programs')
      .select('name')
      .where('id', '=', program.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(program.name);
  });

  it('runs after-commit work only once the request transaction has committed', async () => {
    const program = await makeProgram(t.db);
    const transaction = await beginRequestTransaction(t.db);
    const seen: string[] = [];
    await transaction.run(async () => {
      await t.db.updateTable('programs').set({ name: 'Committed' }).where('id', '=', program.id).execute();
      afterCommit(() => seen.push('after commit'));
      seen.push('written');
    });
    expect(seen).toEqual(['written']);
    await transaction.commit();
    expect(seen).toEqual(['written', 'after commit']);
    const row = await t.db
      .selectFrom('programs')
      .select('name')
      .where('id', '=', program.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe('Committed');
    // Outside a request transaction the caller's own transaction has returned: at once.
    afterCommit(() => seen.push('at once'));
    expect(seen.at(-1)).toBe('at once');
  });
});
