import { describe, expect, it } from 'vitest';
import { takeToken, type Bucket } from './rate-limit.ts';

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, 0) + s * 1000);

describe('token bucket', () => {
  it('grants the burst at once, then one token per 60/perMinute seconds', () => {
    let bucket: Bucket = { tokens: 3, refilledAt: at(0) };
    const granted: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(bucket, at(0), 30, 3);
      granted.push(r.granted);
      bucket = r.bucket;
    }
    expect(granted).toEqual([true, true, true, false]);
    const refused = takeToken(bucket, at(0), 30, 3);
    expect(refused.granted).toBe(false);
    if (!refused.granted) expect(refused.retryAt).toEqual(at(2));
    expect(takeToken(bucket, at(1.999), 30, 3).granted).toBe(false);
    expect(takeToken(bucket, at(2), 30, 3).granted).toBe(true);
  });

  it('never holds more than the burst, however long it was idle', () => {
    let bucket: Bucket = { tokens: 0, refilledAt: at(0) };
    let n = 0;
    for (;;) {
      const r = takeToken(bucket, at(3600), 60, 5);
      if (!r.granted) break;
      bucket = r.bucket;
      n++;
    }
    expect(n).toBe(5);
  });
});
