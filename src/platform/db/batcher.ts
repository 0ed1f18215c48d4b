// Natural batching: a caller who finds a free lane runs at once; whoever arrives while every lane is busy
// waits and then goes in the next batch together with the others. No timers, so an idle system adds no
// latency, and a busy one turns many small round trips (and commits) into a few larger ones.

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

export function naturalBatcher<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: { maxBatch: number; lanes: number },
): Batcher<I, O> {
  const { maxBatch, lanes } = options;
  let queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let busy = 0;
  const drain = async () => {
    busy++;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      try {
        const out = await run(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(out[i]!));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    busy--;
  };
  return {
    submit: (item) =>
      new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (busy < lanes) void drain();
      }),
  };
}
