// Shared by the ingest tests: a test app per test file, a program with a write key sending Segment messages, and
// what they stored.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { makeApiKey, makeProgram, setupTest, type TestContext } from '../../../test/harness.ts';

let t: TestContext;

/** Starts the test app for this file; `ready` receives it. */
export function useIngestTest(ready: (t: TestContext) => void) {
  beforeAll(async () => {
    t = await setupTest();
    ready(t);
  });
  afterAll(() => t.close());
}

export const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

export async function club(overrides: Parameters<typeof makeProgram>[1] = {}) {
  const program = await makeProgram(t.db, { currency: 'ILS', ...overrides });
  const { key } = await makeApiKey(t, program.id, ['ingest:write']);
  const send = (url: string, payload: unknown, extra: Partial<InjectOptions> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
      ...extra,
      headers: { authorization: basic(key), 'content-type': 'application/json', ...(extra.headers ?? {}) },
    });
  return { program, key, send };
}

export function eventsOf(programId: string) {
  return t.db.selectFrom('events').selectAll().where('program_id', '=', programId).orderBy('id').execute();
}

export function memberByExternalId(programId: string, externalId: string) {
  return t.db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}
