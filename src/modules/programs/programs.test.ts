// Creating a program is a right of its own: a viewer or partner somewhere cannot make a club and own it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, uniqueSlug, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const create = (actor: Awaited<ReturnType<typeof makeUser>>) =>
  actor.request({ method: 'POST', url: '/api/programs', payload: { slug: uniqueSlug(), name: 'New club' } });

describe('creating programs', () => {
  it('is refused to roles without the right, and changes nothing', async () => {
    const program = await makeProgram(t.db);
    for (const role of ['viewer', 'partner', 'agent', 'marketer', 'owner'] as const) {
      const actor = await makeUser(t, program.id, role);
      const res = await create(actor);
      expect(res.statusCode, role).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', details: { right: 'programs:create' } });
      const roles = await t.db
        .selectFrom('program_roles')
        .select('program_id')
        .where('admin_user_id', '=', actor.userId)
        .execute();
      expect(roles).toEqual([{ program_id: program.id }]);
    }
  });

  it('is allowed to a user with the right, who becomes the new program’s owner', async () => {
    const program = await makeProgram(t.db);
    const creator = await makeUser(t, program.id, 'owner');
    await t.db
      .updateTable('admin_users')
      .set({ may_create_programs: true })
      .where('id', '=', creator.userId)
      .execute();
    const res = await create(creator);
    expect(res.statusCode, res.body).toBe(201);
    const session = (await creator.request({ url: '/api/auth/session' })).json();
    expect(session.programs).toContainEqual({ id: res.json().id, name: 'New club', role: 'owner' });
  });
});
