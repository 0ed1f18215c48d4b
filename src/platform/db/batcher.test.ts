import { describe, expect, it } from 'vitest';
import { naturalBatcher } from './batcher.ts';

/** A run that records each batch and finishes when released, so tests decide what overlaps. */
function controlledRun() {
  const batches: string[][] = [];
  const pending: (() => void)[] = [];
  let inFlight: string[] = [];
  const overlaps: string[] = [];
  const run = (items: string[]) =>
    new Promise<string[]>((resolve) => {
      batches.push(items);
      for (const item of items) if (inFlight.includes(item)) overlaps.push(item);
      inFlight = [...inFlight, ...items];
      pending.push(() => {
        inFlight = inFlight.filter((i) => !items.includes(i));
        resolve(items.map((i) => `done ${i}`));
      });
    });
  const releaseAll = async () => {
    while (pending.length > 0) {
      pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { run, batches, overlaps, releaseAll };
}

describe('natural batching', () => {
  it('runs at once when a lane is free and batches what arrives while the lanes are busy', async () => {
    const c = controlledRun();
    const batcher = naturalBatcher(c.run, { maxBatch: 3, lanes: 1 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((i) => batcher.submit(i));
    await c.releaseAll();
    expect(await Promise.all(results)).toEqual(['done a', 'done b', 'done c', 'done d', 'done e']);
    expect(c.batches).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('never has two items with the same key in flight, in one batch or in two lanes', async () => {
    const c = controlledRun();
    const batcher = naturalBatcher(c.run, { maxBatch: 10, lanes: 2, keyOf: (i: string) => i[0]! });
    const items = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2', 'd1', 'a4'];
    const results = items.map((i) => batcher.submit(i));
    await c.releaseAll();
    expect(await Promise.all(results)).toEqual(items.map((i) => `done ${i}`));
    expect(c.overlaps).toEqual([]);
    for (const batch of c.batches) expect(new Set(batch.map((i) => i[0])).size).toBe(batch.length);
    // Each key's items keep their order.
    expect(c.batches.flat().filter((i) => i.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('rejects every item of a batch whose run fails, and goes on with the next', async () => {
    let calls = 0;
    const batcher = naturalBatcher(
      async (items: number[]) => {
        if (calls++ === 0) throw new Error('boom');
        return items.map((i) => i * 2);
      },
      { maxBatch: 5, lanes: 1 },
    );
    const first = batcher.submit(1);
    const second = batcher.submit(2);
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe(4);
  });
});
