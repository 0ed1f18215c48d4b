// Double opt-in submissions that nobody confirmed in time: a recurring job marks them expired, so that
// pending means "a link is out there that still works" and reports count abandoned signups correctly.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';

const BATCH = 5000;

/** Marks pending submissions whose confirmation link has run out as expired; returns how many. */
export async function expirePendingSignups(db: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  let total = 0;
  for (;;) {
    // In batches, so a backlog after downtime never holds one long lock on the table.
    const done = await db
      .updateTable('form_submissions')
      .set({ status: 'expired' })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('form_submissions')
          .select('id')
          .where('status', '=', 'pending')
          .where('expires_at', '<=', now)
          .limit(BATCH),
      )
      .where('status', '=', 'pending')
      .executeTakeFirst();
    const n = Number(done.numUpdatedRows ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}
