// Finished jobs are kept for a while (what ran, when, and why a dead one failed) and then deleted: the jobs
// table is a queue, not a history, and an import or a campaign send adds a row per batch.
import type { Clock } from '../clock.ts';
import { DAY_MS } from '../clock.ts';
import type { Db } from '../db/database.ts';

export interface PruneJobsOptions {
  /** Jobs done or dead for longer than this many days go. */
  retentionDays: number;
  batchSize?: number;
}

/** Deletes jobs finished (done or dead) before the retention; returns how many. */
export async function pruneFinishedJobs(db: Db, clock: Clock, options: PruneJobsOptions): Promise<number> {
  const before = new Date(clock.now().getTime() - options.retentionDays * DAY_MS);
  const batchSize = options.batchSize ?? 10_000;
  let total = 0;
  for (;;) {
    const result = await db
      .deleteFrom('jobs')
      .where(
        'id',
        'in',
        db
          .selectFrom('jobs')
          .select('id')
          .where('state', 'in', ['done', 'dead'])
          .where('finished_at', '<', before)
          .limit(batchSize),
      )
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
