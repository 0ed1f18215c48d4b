import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { recordAudit, SYSTEM_ACTOR } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('audit log', () => {
  it('reads newest first by time (not by id), a page at a time, filtered by actor, action, record and dates', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const at = (iso: string) => new ManualClock(new Date(iso));
    const user = { type: 'user' as const, id: owner.userId, ip: '192.0.2.1', requestId: null };
    // Written out of time order, as an import of old history or a simulated clock does.
    const rows: [string, typeof user | typeof SYSTEM_ACTOR, string, string, string][] = [
      ['2026-03-05T10:00:00Z', user, 'member.updated', 'member', 'm-1'],
      ['2026-03-01T10:00:00Z', SYSTEM_ACTOR, 'member.created', 'member', 'm-1'],
      ['2026-03-09T10:00:00Z', user, 'list.created', 'list', 'l-1'],
      ['2026-03-03T10:00:00Z', user, 'member.created', 'member', 'm-2'],
    ];
    for (const [when, actor, action, entityType, entityId] of rows) {
      await recordAudit(t.db, at(when), actor, { programId: program.id, action, entityType, entityId });
    }
    const get = async (q: string) => {
      const res = await owner.request({ method: 'GET', url: `/api/programs/${program.id}/audit-log?${q}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { action: string; entity_id: string; at: string }[]; nextCursor: string };
    };
    const whens = (page: { items: { at: string }[] }) => page.items.map((e) => e.at.slice(0, 10));

    const first = await get('limit=3');
    expect(whens(first)).toEqual(['2026-03-09', '2026-03-05', '2026-03-03']);
    const second = await get(`limit=3&cursor=${first.nextCursor}`);
    expect(whens(second)).toEqual(['2026-03-01']);
    expect(second.nextCursor).toBeNull();

    expect(whens(await get(`actorId=${owner.userId}`))).toEqual(['2026-03-09', '2026-03-05', '2026-03-03']);
    expect(whens(await get('actorType=system'))).toEqual(['2026-03-01']);
    expect(whens(await get('action=member.created'))).toEqual(['2026-03-03', '2026-03-01']);
    expect(whens(await get('action=member.'))).toEqual(['2026-03-05', '2026-03-03', '2026-03-01']);
    expect(whens(await get('entityType=member&entityId=m-1'))).toEqual(['2026-03-05', '2026-03-01']);
    expect(whens(await get('from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z'))).toEqual([
      '2026-03-05',
      '2026-03-03',
    ]);
    // A family filter is a prefix, not a pattern: "%" matches nothing.
    expect((await get('action=%25.')).items).toEqual([]);

    const bad = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/audit-log?cursor=12`,
    });
    expect(bad.statusCode).toBe(400);
  });
});
