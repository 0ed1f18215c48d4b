// Shared by the members tests: a test app per test file, a program with its owner, and counts read back.
import { afterAll, beforeAll } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';

let t: TestContext;

/** Starts the test app for this file; `ready` receives it. */
export function useMembersTest(ready: (t: TestContext) => void) {
  beforeAll(async () => {
    t = await setupTest();
    ready(t);
  });
  afterAll(() => t.close());
}

export const base = (programId: string) => `/api/programs/${programId}/members`;

export async function memberCount(programId: string) {
  const row = await t.db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_id', '=', programId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function auditActions(programId: string) {
  const rows = await t.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'before', 'after'])
    .where('program_id', '=', programId)
    .where('entity_type', '=', 'member')
    .orderBy('id')
    .execute();
  return rows;
}

export async function ownerOf(overrides: Parameters<typeof makeProgram>[1] = {}) {
  const program = await makeProgram(t.db, overrides);
  const owner = await makeUser(t, program.id);
  return { program, owner, url: base(program.id) };
}
