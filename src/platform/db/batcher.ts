// Natural batching: a caller who finds a free lane runs at once; whoever arrives while every lane is busy
// waits and then goes in the next batch together with the others. No timers, so an idle system adds no
// latency, and a busy one turns many small round trips (and commits) into a few larger ones.
// With `keyOf`, items with the same key are never in flight together — not twice in one batch, not in two
// lanes at once — so batches touching the same rows do not wait on (or invalidate) each other.

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

interface Queued<I, O> {
  item: I;
  key: string | undefined;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export function naturalBatcher<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: { maxBatch: number; lanes: number; keyOf?: (item: I) => string },
): Batcher<I, O> {
  const { maxBatch, lanes, keyOf } = options;
  let queue: Queued<I, O>[] = [];
  const inFlight = new Set<string>();
  let busy = 0;

  /** Takes up to maxBatch queued items whose keys are free, in arrival order; the others stay queued. */
  const take = (): Queued<I, O>[] => {
    if (!keyOf) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      return batch;
    }
    const batch: Queued<I, O>[] = [];
    const rest: Queued<I, O>[] = [];
    for (const q of queue) {
      if (batch.length < maxBatch && !inFlight.has(q.key!)) {
        inFlight.add(q.key!);
        batch.push(q);
      } else rest.push(q);
    }
    queue = rest;
    return batch;
  };

  const drain = async () => {
    busy++;
    for (let batch = take(); batch.length > 0; batch = take()) {
      try {
        const out = await run(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(out[i]!));
      } catch (error) {
        for (const b of batch) b.reject(error);
      } finally {
        for (const b of batch) if (b.key !== undefined) inFlight.delete(b.key);
      }
    }
    // An item held back for a key in flight is taken by the lane holding that key: it releases the key before
    // it looks at the queue again.
    busy--;
  };

  return {
    submit: (item) =>
      new Promise<O>((resolve, reject) => {
        queue.push({ item, key: keyOf?.(item), resolve, reject });
        if (busy < lanes) void drain();
      }),
  };
}
