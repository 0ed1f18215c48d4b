// Each ingested message is all or nothing (issue 11, defect 2): a message that fails after its member was
// created or its purchase recorded leaves neither behind, its retry runs once, and a batch reports the failed
// message and accepts the rest. The failure is made real by a trigger that refuses to store marked events.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, setupTest, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
const marker = `fail-${crypto.randomBytes(4).toString('hex')}`;
const trigger = `refuse_${marker.replace('-', '_')}`;

beforeAll(async () => {
  t = await setupTest();
  await sql
    .raw(
      `create function ${trigger}() returns trigger language plpgsql as $$
       begin
         if new.message_id like '${marker}%' then raise exception 'refused by the test'; end if;
         return new;
       end $$;
       create trigger ${trigger} before insert on events for each row execute function ${trigger}();`,
    )
    .execute(t.db);
});
afterAll(async () => {
  await sql
    .raw(`drop trigger if exists ${trigger} on events; drop function if exists ${trigger}()`)
    .execute(t.db);
  await t.close();
});

const stopRefusing = () => sql.raw(`drop trigger ${trigger} on events`).execute(t.db);

describe('a message is all or nothing', () => {
  it('leaves no member, purchase or event behind when storing it fails, and its retry runs once', async () => {
    const program = await makeProgram(t.db, { currency: 'ILS' });
    const { key } = await makeApiKey(t, program.id, ['ingest:write']);
    const send = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
      });
    const identify = {
      messageId: `${marker}-identify`,
      userId: 'u-atomic',
      traits: { email: 'atomic@example.com', firstName: 'Atomic' },
    };
    const order = {
      messageId: `${marker}-order`,
      userId: 'u-atomic',
      event: 'Order Completed',
      properties: { order_id: 'atomic-1', total: 120, currency: 'ILS' },
    };
    const batch = {
      batch: [
        {
          type: 'identify',
          messageId: 'ok-before',
          userId: 'u-before',
          traits: { email: 'before@example.com' },
        },
        {
          type: 'identify',
          messageId: `${marker}-batch`,
          userId: 'u-failed',
          traits: { email: 'f@example.com' },
        },
        {
          type: 'identify',
          messageId: 'ok-after',
          userId: 'u-after',
          traits: { email: 'after@example.com' },
        },
      ],
    };
    const members = async () =>
      (
        await t.db
          .selectFrom('members')
          .select('email')
          .where('program_id', '=', program.id)
          .orderBy('email')
          .execute()
      ).map((m) => m.email);

    expect((await send('/v1/identify', identify)).statusCode).toBe(500);
    expect(await members()).toEqual([]);

    // Known member, failing order: the purchase is not kept.
    expect((await send('/v1/identify', { ...identify, messageId: 'identify-ok' })).statusCode).toBe(200);
    expect((await send('/v1/track', order)).statusCode).toBe(500);
    const purchases = () =>
      t.db.selectFrom('loyalty_purchases').select('order_id').where('program_id', '=', program.id).execute();
    expect(await purchases()).toEqual([]);

    const first = await send('/v1/batch', batch);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      accepted: 2,
      errors: [{ index: 1, messageId: `${marker}-batch`, code: 'message_failed' }],
    });
    expect(await members()).toEqual(['after@example.com', 'atomic@example.com', 'before@example.com']);

    await stopRefusing();
    expect((await send('/v1/track', order)).statusCode).toBe(200);
    expect(await purchases()).toEqual([{ order_id: 'atomic-1' }]);
    const retry = await send('/v1/batch', batch);
    expect(retry.json()).toMatchObject({ accepted: 3, duplicates: 2, errors: [] });
    expect(await members()).toEqual([
      'after@example.com',
      'atomic@example.com',
      'before@example.com',
      'f@example.com',
    ]);
    const events = await t.db
      .selectFrom('events')
      .select('message_id')
      .where('program_id', '=', program.id)
      .execute();
    expect(events).toHaveLength(5);
  });
});
