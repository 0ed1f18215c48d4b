// Purchases and tracked events carry times within a stated window (platform/event-time.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, setupTest, type TestContext } from '../../test/harness.ts';
import { makeLoyaltyProgram, makeMember } from '../../test/fixtures/loyalty.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

describe('times of purchases and events', () => {
  it('refuses purchases dated year 0001 or 1999 and records nothing; accepts 2000 onwards', async () => {
    const p = await makeLoyaltyProgram(t);
    const member = await makeMember(t, p.programId);
    for (const occurredAt of ['0001-01-01T00:00:00Z', '1999-12-31T23:59:59Z']) {
      const res = await p.purchase(member, 1000, { occurredAt });
      expect(res.statusCode, occurredAt).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'date_out_of_range',
        details: { field: 'occurredAt', earliest: '2000-01-01T00:00:00.000Z' },
      });
    }
    const future = await p.purchase(member, 1000, { occurredAt: '9999-12-31T00:00:00Z' });
    expect(future.statusCode).toBe(400);
    const rows = await t.db
      .selectFrom('loyalty_purchases')
      .select('id')
      .where('program_id', '=', p.programId)
      .execute();
    expect(rows).toEqual([]);
    expect((await p.purchase(member, 1000, { occurredAt: '2000-01-01T00:00:00Z' })).statusCode).toBe(201);
  });

  it('refuses tracked events dated outside the window, naming the field', async () => {
    const p = await makeLoyaltyProgram(t);
    const { key } = await makeApiKey(t, p.programId, ['ingest:write']);
    const send = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/track',
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: { userId: 'u-1', event: 'Product Viewed', ...body },
      });
    const ancient = await send({ timestamp: '0001-01-01T00:00:00Z' });
    expect(ancient.statusCode).toBe(400);
    expect(ancient.json().error).toMatchObject({
      code: 'date_out_of_range',
      details: { field: 'timestamp' },
    });
    const far = await send({ originalTimestamp: '9999-01-01T00:00:00Z' });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.details.field).toBe('originalTimestamp');
    const tomorrowish = new Date(t.clock.now().getTime() + 23 * 3_600_000).toISOString();
    expect((await send({ timestamp: tomorrowish })).statusCode).toBe(200);
    const events = await t.db
      .selectFrom('events')
      .select('occurred_at')
      .where('program_id', '=', p.programId)
      .execute();
    expect(events).toHaveLength(1);
  });
});
