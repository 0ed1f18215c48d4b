// Regression tests for text PostgreSQL cannot store, deep nesting and unbounded bodies (issue 11, defects 1,
// 3 and 14): a 400 or 413 naming the problem, and nothing written.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { findUnacceptableInput, MAX_JSON_DEPTH } from './input-guard.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const countRows = async (table: string, programId: string) =>
  Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(table)} where program_id = ${programId}`.execute(t.db)
    ).rows[0]!.n,
  );

function expectRejected(res: { statusCode: number; json(): unknown }, path: string) {
  expect(res.statusCode).toBe(400);
  const { error } = res.json() as { error: { code: string; details: { issues: { path: string }[] } } };
  expect(error.code).toBe('validation_failed');
  expect(error.details.issues[0]!.path).toBe(path);
}

describe('text PostgreSQL cannot store', () => {
  it('names the field, however deep, for bodies on every kind of route', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const members = `/api/programs/${program.id}/members`;
    expectRejected(
      await owner.request({
        method: 'POST',
        url: members,
        payload: { email: 'a@example.com', firstName: 'a\u0000' },
      }),
      'body.firstName',
    );
    expectRejected(
      await owner.request({
        method: 'POST',
        url: members,
        payload: { email: 'b@example.com', attributes: { notes: { deep: ['ok', 'x\u0000y'] } } },
      }),
      'body.attributes.notes.deep[1]',
    );
    expectRejected(
      await owner.request({
        method: 'POST',
        url: members,
        payload: { email: 'c@example.com', firstName: '\ud800' },
      }),
      'body.firstName',
    );
    expect(await countRows('members', program.id)).toBe(0);
  });

  it('refuses NUL in /v1 traits and properties before anything is written', async () => {
    const program = await makeProgram(t.db);
    const key = await makeApiKey(t, program.id, ['ingest:write']);
    const identify = await t.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: { authorization: basic(key.key) },
      payload: { userId: 'u-1', traits: { email: 'u1@example.com', nested: { 'bad\u0000key': 1 } } },
    });
    expect(identify.statusCode).toBe(400);
    expect(identify.json().error.details.issues[0].path).toBe('body.traits.nested["bad\\u0000key"]');
    const track = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: basic(key.key) },
      payload: {
        userId: 'u-1',
        event: 'Order Completed',
        properties: { order_id: 'o\u00001', total: 10, products: [{ sku: 's\u0000' }] },
      },
    });
    expectRejected(track, 'body.properties.order_id');
    expect(await countRows('members', program.id)).toBe(0);
    expect(await countRows('loyalty_purchases', program.id)).toBe(0);
  });

  it('refuses NUL in query strings, path segments and decoded cursors', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    expectRejected(
      await owner.request({ method: 'GET', url: `/api/programs/${program.id}/members?q=%00` }),
      'querystring.q',
    );
    expectRejected(
      await owner.request({ method: 'GET', url: `/api/programs/${program.id}/purchases/o%00` }),
      'params.orderId',
    );
    const cursor = Buffer.from(JSON.stringify([new Date().toISOString(), 'x\u0000'])).toString('base64url');
    const res = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members?cursor=${cursor}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_cursor');
  });
});

describe('nesting depth', () => {
  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with a 400 instead of overflowing`, async () => {
    const program = await makeProgram(t.db);
    const key = await makeApiKey(t, program.id, ['ingest:write']);
    const deep = `{"a":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
    for (const type of ['identify', 'track']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/${type}`,
        headers: { authorization: basic(key.key), 'content-type': 'application/json' },
        payload: `{"userId":"u-deep","event":"Deep","traits":${deep},"properties":${deep}}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain(`nested more than ${MAX_JSON_DEPTH} levels`);
    }
    expect(await countRows('members', program.id)).toBe(0);
  });

  it('walks iteratively and accepts what is within the limit', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < MAX_JSON_DEPTH; i++) value = { a: value };
    expect(findUnacceptableInput(value, 'body')).toBeUndefined();
    expect(findUnacceptableInput({ a: value }, 'body')?.problem).toContain('nested more than');
    let huge: unknown = 1;
    for (let i = 0; i < 100_000; i++) huge = [huge];
    expect(findUnacceptableInput(huge, 'body')?.problem).toContain('nested more than');
  });
});

describe('body limits', () => {
  it('answers 413 to an oversized multipart body on the public unsubscribe and preference pages', async () => {
    const big = Buffer.alloc(2 * 1_048_576, 'a');
    for (const url of ['/u/some-token', '/preferences/some-token']) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        payload: big,
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
    }
  });
});
