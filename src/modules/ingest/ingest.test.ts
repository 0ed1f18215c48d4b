// The Segment HTTP API as raw requests: identify/track/page, dedupe, authentication, anonymous visitors
// becoming members, and the member event history (batches: batch.test.ts).
import { describe, expect, it } from 'vitest';
import { makeApiKey, makeUser, type TestContext } from '../../../test/harness.ts';
import { basic, club, eventsOf, memberByExternalId, useIngestTest } from './test-fixtures.ts';

let t: TestContext;
useIngestTest((context) => (t = context));

describe('identify, track, page', () => {
  it('identify creates then updates a member from traits; other traits stay on the event', async () => {
    const { program, send } = await club({
      memberAttributeSchema: { shoe_size: { type: 'integer', minimum: 20, maximum: 50 } },
    });
    const first = await send('/v1/identify', {
      userId: 'shop-42',
      messageId: 'id-1',
      traits: {
        email: 'Dana@Example.com',
        first_name: 'דנה',
        lastName: 'Cohen',
        phone: '050-123-4567',
        birthday: '1990-05-17T00:00:00.000Z',
        locale: 'he-IL',
        shoe_size: 38,
        favourite_colour: 'teal',
      },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ success: true });
    const member = await memberByExternalId(program.id, 'shop-42');
    expect(member).toMatchObject({
      email: 'dana@example.com',
      first_name: 'דנה',
      last_name: 'Cohen',
      phone: '+972501234567',
      birthday: '1990-05-17',
      locale: 'he',
      attributes: { shoe_size: 38 },
      source: 'segment',
    });

    const second = await send('/v1/identify', {
      userId: 'shop-42',
      messageId: 'id-2',
      traits: { firstName: 'Dana' },
    });
    expect(second.statusCode).toBe(200);
    const updated = await memberByExternalId(program.id, 'shop-42');
    expect(updated).toMatchObject({ id: member!.id, first_name: 'Dana', email: 'dana@example.com' });

    const events = await eventsOf(program.id);
    expect(events.map((e) => [e.type, e.member_id, e.message_id])).toEqual([
      ['identify', member!.id, 'id-1'],
      ['identify', member!.id, 'id-2'],
    ]);
    expect(events[0]!.properties).toMatchObject({ favourite_colour: 'teal', shoe_size: 38 });
  });

  it('identify with traits the member module refuses is refused and stores nothing', async () => {
    const { program, send } = await club();
    const res = await send('/v1/identify', { userId: 'u1', traits: { email: 'not an email' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBeTypeOf('string');
    expect(await eventsOf(program.id)).toHaveLength(0);
    const wrongType = await send('/v1/identify', { userId: 'u1', traits: { firstName: 5 } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe('invalid_traits');
  });

  it('stores track and page events for a known member, deduplicated by messageId', async () => {
    const { program, send } = await club();
    await send('/v1/identify', { userId: 'u-7', traits: { email: 'u7@example.com' } });
    const track = {
      userId: 'u-7',
      event: 'Product Viewed',
      messageId: 'm-1',
      properties: { product_id: 'sku-1', name: 'קפה' },
      context: { ip: '203.0.113.9', library: { name: 'curl' } },
      timestamp: '2026-01-10T08:00:00.000Z',
    };
    expect((await send('/v1/track', track)).json()).toEqual({ success: true });
    const replay = await send('/v1/track', { ...track, properties: { changed: true } });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ success: true });
    const page = await send('/v1/page', { userId: 'u-7', name: 'Home', properties: { path: '/' } });
    expect(page.statusCode).toBe(200);

    const member = await memberByExternalId(program.id, 'u-7');
    const events = (await eventsOf(program.id)).filter((e) => e.type !== 'identify');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      type: 'track',
      name: 'Product Viewed',
      member_id: member!.id,
      user_id: 'u-7',
      message_id: 'm-1',
      properties: { product_id: 'sku-1', name: 'קפה' },
      context: { ip: '203.0.113.9' },
    });
    expect(events[0]!.occurred_at.toISOString()).toBe('2026-01-10T08:00:00.000Z');
    expect(events[1]).toMatchObject({ type: 'page', name: 'Home', member_id: member!.id });
    expect(events[1]!.message_id).toMatch(/^moadon-/);
  });

  it('corrects the client clock with sentAt when only originalTimestamp is given', async () => {
    const { program, send } = await club();
    const res = await send('/v1/batch', {
      sentAt: '2026-01-01T12:00:10.000Z',
      batch: [
        {
          type: 'track',
          anonymousId: 'a-clock',
          event: 'Clicked',
          originalTimestamp: '2026-01-01T12:00:00.000Z',
        },
      ],
    });
    expect(res.json()).toMatchObject({ accepted: 1, errors: [] });
    const [event] = await eventsOf(program.id);
    const received = event!.received_at.getTime();
    expect(event!.occurred_at.getTime()).toBe(received - 10_000);
  });

  it('refuses bad messages with our error model', async () => {
    const { program, send } = await club();
    const malformed = await send('/v1/track', '{"userId": "u", ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('malformed_json');
    const noIdentity = await send('/v1/track', { event: 'X' });
    expect(noIdentity.json().error.code).toBe('missing_identity');
    const noEvent = await send('/v1/track', { userId: 'u' });
    expect(noEvent.statusCode).toBe(400);
    expect(noEvent.json().error.message).toContain('event');
    const badTime = await send('/v1/track', { userId: 'u', event: 'X', timestamp: 'yesterday' });
    expect(badTime.json().error.code).toBe('validation_failed');
    const wrongType = await send('/v1/page', { type: 'track', userId: 'u', event: 'X' });
    expect(wrongType.statusCode).toBe(400);
    const badOrder = await send('/v1/track', {
      userId: 'u',
      event: 'Order Completed',
      properties: { order_id: 'o-1', total: -5 },
    });
    expect(badOrder.statusCode).toBe(400);
    expect(badOrder.json().error).toMatchObject({
      code: 'invalid_amount',
      details: { field: 'properties.total' },
    });
    const noOrderId = await send('/v1/track', {
      userId: 'u',
      event: 'Order Completed',
      properties: { total: 5 },
    });
    expect(noOrderId.json().error.code).toBe('invalid_order');
    const tooBig = await send('/v1/track', {
      userId: 'u',
      event: 'X',
      properties: { blob: 'x'.repeat(40_000) },
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('payload_too_large');
    expect(await eventsOf(program.id)).toHaveLength(0);
  });

  it('reads JSON sent as text/plain, as browser Segment libraries do', async () => {
    const { program, send } = await club();
    const res = await send(
      '/v1/track',
      { anonymousId: 'anon-text', event: 'Signed Up' },
      {
        headers: { 'content-type': 'text/plain' },
      },
    );
    expect(res.statusCode).toBe(200);
    expect(await eventsOf(program.id)).toHaveLength(1);
  });
});

describe('authentication', () => {
  it('refuses a wrong write key (401), a key without ingest:write (403) and a signed-in user (403)', async () => {
    const { program } = await club();
    const payload = { userId: 'u', event: 'X' };
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      payload,
      headers: { authorization: basic('mk_not_a_real_key') },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthenticated');
    const none = await t.app.inject({ method: 'POST', url: '/v1/batch', payload: { batch: [] } });
    expect(none.statusCode).toBe(401);

    const readOnly = await makeApiKey(t, program.id, ['members:read']);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      payload,
      headers: { authorization: basic(readOnly.key) },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toMatchObject({
      code: 'forbidden',
      details: { permission: 'ingest:write' },
    });

    const owner = await makeUser(t, program.id);
    const user = await owner.request({ method: 'POST', url: '/v1/track', payload });
    expect(user.statusCode).toBe(403);
    expect(await eventsOf(program.id)).toHaveLength(0);
  });

  it('keeps programs apart: the write key decides the program', async () => {
    const a = await club();
    const b = await club();
    await a.send('/v1/identify', { userId: 'same-id', messageId: 'shared-message' });
    await b.send('/v1/identify', { userId: 'same-id', messageId: 'shared-message' });
    expect(await eventsOf(a.program.id)).toHaveLength(1);
    expect(await eventsOf(b.program.id)).toHaveLength(1);
    expect((await memberByExternalId(b.program.id, 'same-id'))?.program_id).toBe(b.program.id);
  });
});

describe('visitors before they are members', () => {
  it('keeps anonymous events and links them when identify brings anonymousId and userId', async () => {
    const { program, send } = await club();
    await send('/v1/page', { anonymousId: 'visitor-1', name: 'Landing', messageId: 'v-1' });
    await send('/v1/track', { anonymousId: 'visitor-1', event: 'Newsletter Viewed', messageId: 'v-2' });
    await send('/v1/track', { anonymousId: 'visitor-2', event: 'Someone else', messageId: 'v-3' });
    // A user id nobody has identified yet: kept with the user id, no member is created by track.
    await send('/v1/track', { userId: 'late-7', event: 'Wishlist Added', messageId: 'v-4' });
    await send('/v1/identify', {
      anonymousId: 'visitor-1',
      traits: { email: 'pre@example.com' },
      messageId: 'v-5',
    });
    expect(await memberByExternalId(program.id, 'late-7')).toBeUndefined();
    let events = await eventsOf(program.id);
    expect(events.every((e) => e.member_id === null)).toBe(true);
    expect(events.find((e) => e.message_id === 'v-2')).toMatchObject({
      anonymous_id: 'visitor-1',
      effect_status: 'awaiting_member',
    });
    expect(events.find((e) => e.message_id === 'v-1')!.effect_status).toBe('none');

    const identify = await send('/v1/identify', {
      userId: 'late-7',
      anonymousId: 'visitor-1',
      traits: { email: 'late7@example.com' },
      messageId: 'v-6',
    });
    expect(identify.statusCode).toBe(200);
    const member = await memberByExternalId(program.id, 'late-7');
    events = await eventsOf(program.id);
    const owner = Object.fromEntries(events.map((e) => [e.message_id, e.member_id]));
    expect(owner).toEqual({
      'v-1': member!.id,
      'v-2': member!.id,
      'v-3': null,
      'v-4': member!.id,
      'v-5': member!.id,
      'v-6': member!.id,
    });
    // Traits sent anonymously stay on their event; the member is what identify with userId said.
    expect(member!.email).toBe('late7@example.com');

    // Later anonymous events from the same browser belong to the member straight away.
    await send('/v1/track', { anonymousId: 'visitor-1', event: 'Came Back', messageId: 'v-7' });
    const later = (await eventsOf(program.id)).find((e) => e.message_id === 'v-7');
    expect(later!.member_id).toBe(member!.id);
  });
});

describe('member event history', () => {
  it('lists a member’s events newest first with paging and filters', async () => {
    const { program, send, key } = await club();
    await send('/v1/identify', { userId: 'h-1', timestamp: '2026-01-01T00:00:00.000Z', messageId: 'h-0' });
    for (let i = 1; i <= 5; i++) {
      await send('/v1/track', {
        userId: 'h-1',
        event: i % 2 ? 'Odd' : 'Even',
        messageId: `h-${i}`,
        timestamp: `2026-01-0${i + 1}T00:00:00.000Z`,
      });
    }
    const member = await memberByExternalId(program.id, 'h-1');
    const viewer = await makeUser(t, program.id, 'viewer');
    const url = `/api/programs/${program.id}/members/${member!.id}/events`;
    const first = await viewer.request({ method: 'GET', url: `${url}?limit=4` });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((e: { messageId: string }) => e.messageId)).toEqual([
      'h-5',
      'h-4',
      'h-3',
      'h-2',
    ]);
    expect(first.json().items[0]).toMatchObject({
      type: 'track',
      name: 'Odd',
      userId: 'h-1',
      occurredAt: '2026-01-06T00:00:00.000Z',
      effectStatus: 'none',
    });
    const second = await viewer.request({
      method: 'GET',
      url: `${url}?limit=4&cursor=${first.json().nextCursor}`,
    });
    expect(second.json()).toMatchObject({
      items: [{ messageId: 'h-1' }, { messageId: 'h-0' }],
      nextCursor: null,
    });
    const odd = await viewer.request({ method: 'GET', url: `${url}?name=Odd` });
    expect(odd.json().items).toHaveLength(3);
    const identifies = await viewer.request({ method: 'GET', url: `${url}?type=identify` });
    expect(identifies.json().items).toHaveLength(1);

    const badCursor = await viewer.request({ method: 'GET', url: `${url}?cursor=nonsense` });
    expect(badCursor.json().error.code).toBe('invalid_cursor');
    const unknown = await viewer.request({
      method: 'GET',
      url: `/api/programs/${program.id}/members/00000000-0000-4000-8000-000000000000/events`,
    });
    expect(unknown.statusCode).toBe(404);
    // The write key may write events but not read them.
    const writeOnly = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    expect(writeOnly.statusCode).toBe(403);
  });
});
