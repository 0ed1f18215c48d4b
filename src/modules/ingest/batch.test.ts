// Segment batches as raw requests: per-event errors, duplicates sent at once, size limits and gzip.
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { club, eventsOf, useIngestTest } from './test-fixtures.ts';

useIngestTest(() => {});

describe('batch', () => {
  it('accepts the valid messages and reports each invalid one', async () => {
    const { program, send } = await club();
    const res = await send('/v1/batch', {
      writeKey: 'ignored, the Authorization header counts',
      sentAt: new Date().toISOString(),
      context: { library: { name: 'batch-test' } },
      batch: [
        { type: 'identify', userId: 'b-1', messageId: 'b-m1', traits: { email: 'b1@example.com' } },
        { type: 'track', userId: 'b-1', event: 'Coupon Entered', messageId: 'b-m2' },
        { type: 'track', userId: 'b-1', messageId: 'b-m3' },
        { type: 'alias', userId: 'b-1', previousId: 'x', messageId: 'b-m4' },
        'not an object',
        { userId: 'b-1', event: 'No type', messageId: 'b-m6' },
        {
          type: 'page',
          anonymousId: 'anon-b',
          name: 'Pricing',
          messageId: 'b-m7',
          context: { page: { path: '/p' } },
        },
        {
          type: 'track',
          userId: 'b-1',
          event: 'Order Completed',
          messageId: 'b-m8',
          properties: { order_id: 'o' },
        },
        { type: 'track', userId: 'b-1', event: 'Coupon Entered', messageId: 'b-m2' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ success: true, accepted: 4, duplicates: 1 });
    expect(body.errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([
      [2, 'validation_failed'],
      [3, 'unsupported_type'],
      [4, 'validation_failed'],
      [5, 'validation_failed'],
      [7, 'invalid_amount'],
    ]);
    expect(body.errors[0]).toMatchObject({ messageId: 'b-m3' });
    expect(body.errors[2]).toMatchObject({ messageId: null });
    const events = await eventsOf(program.id);
    expect(events.map((e) => e.message_id)).toEqual(['b-m1', 'b-m2', 'b-m7']);
    expect(events[2]!.context).toEqual({ library: { name: 'batch-test' }, page: { path: '/p' } });
  });

  it('stores a batch sent twice at the same time once', async () => {
    const { program, send } = await club();
    await send('/v1/identify', { userId: 'twice', messageId: 'tw-0' });
    const batch = Array.from({ length: 20 }, (_, i) => ({
      type: 'track',
      userId: 'twice',
      event: 'Tapped',
      messageId: `tw-${i + 1}`,
    }));
    const [a, b] = await Promise.all([send('/v1/batch', { batch }), send('/v1/batch', { batch })]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().accepted + b.json().accepted).toBe(40);
    expect(await eventsOf(program.id)).toHaveLength(21);
  });

  it('holds at most 500 messages and 500 KB', async () => {
    const { program, send } = await club();
    const message = (i: number) => ({
      type: 'track',
      anonymousId: 'bulk',
      event: 'Tick',
      messageId: `t-${i}`,
    });
    const full = await send('/v1/batch', { batch: Array.from({ length: 500 }, (_, i) => message(i)) });
    expect(full.statusCode).toBe(200);
    expect(full.json()).toMatchObject({ accepted: 500, errors: [] });

    const tooMany = await send('/v1/batch', {
      batch: Array.from({ length: 501 }, (_, i) => message(1000 + i)),
    });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error).toMatchObject({
      code: 'batch_too_large',
      details: { limit: 500, received: 501 },
    });

    // 20 messages of ~26 KB: each under the 32 KB message limit, together over 500 KB.
    const fat = Array.from({ length: 20 }, (_, i) => ({
      ...message(2000 + i),
      properties: { pad: 'x'.repeat(26_000) },
    }));
    const tooBig = await send('/v1/batch', { batch: fat });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('payload_too_large');
    // 18 of them (~470 KB) fit.
    const fits = await send('/v1/batch', { batch: fat.slice(0, 18) });
    expect(fits.statusCode).toBe(200);
    expect(await eventsOf(program.id)).toHaveLength(518);
  });

  it('reports a message over 32 KB as a per-event error', async () => {
    const { send } = await club();
    const res = await send('/v1/batch', {
      batch: [{ type: 'track', anonymousId: 'a', event: 'Big', properties: { pad: 'x'.repeat(33_000) } }],
    });
    expect(res.json().errors).toEqual([expect.objectContaining({ index: 0, code: 'message_too_large' })]);
  });

  it('accepts a gzip body and measures the limit after inflation', async () => {
    const { program, send } = await club();
    const body = { batch: [{ type: 'track', anonymousId: 'gz', event: 'Zipped', messageId: 'gz-1' }] };
    const res = await send('/v1/batch', zlib.gzipSync(JSON.stringify(body)), {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1 });
    expect((await eventsOf(program.id)).map((e) => e.name)).toEqual(['Zipped']);

    // 2 MB of zeros compress to a few KB: refused by the inflated size.
    const bomb = zlib.gzipSync(JSON.stringify({ batch: [], pad: '0'.repeat(2_000_000) }));
    expect(bomb.length).toBeLessThan(10_000);
    const refused = await send('/v1/batch', bomb, { headers: { 'content-encoding': 'gzip' } });
    expect(refused.statusCode).toBe(413);

    const broken = await send('/v1/batch', Buffer.from('definitely not gzip'), {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('malformed_gzip');
    const brotli = await send('/v1/batch', zlib.brotliCompressSync(JSON.stringify(body)), {
      headers: { 'content-encoding': 'br' },
    });
    expect(brotli.statusCode).toBe(415);
    expect(brotli.json().error.code).toBe('unsupported_content_encoding');
  });
});
