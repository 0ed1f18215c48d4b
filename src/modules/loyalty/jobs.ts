// Background work of the loyalty module: hourly lot maintenance (maturing, expiry, expiry warnings) and a
// daily tier re-evaluation and birthday-month bonuses. A sweep job fans out one job per program, each unique while queued.
import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { enqueueJob, type JobModule } from '../../platform/jobs/index.ts';
import { awardBirthdayBonuses } from './birthdays.ts';
import { expirePoints, warnExpiringPoints } from './expiry.ts';
import { reevaluateTiers } from './tiers.ts';

async function fanOut(db: Db, clock: Clock, types: string[]): Promise<void> {
  const programs = await db.selectFrom('loyalty_settings').select('program_id').execute();
  for (const { program_id } of programs) {
    for (const type of types) {
      await enqueueJob(db, clock, { type, programId: program_id, uniqueKey: `${type}:${program_id}` });
    }
  }
}

function programOf(job: { programId: string | null; type: string }): string {
  if (!job.programId) throw new Error(`${job.type} needs a programId`);
  return job.programId;
}

export const loyaltyJobs: JobModule = {
  handlers: {
    'loyalty.hourly': (_job, { db, clock }) =>
      fanOut(db, clock, ['loyalty.expire-points', 'loyalty.warn-expiring']),
    'loyalty.daily': (_job, { db, clock }) =>
      fanOut(db, clock, ['loyalty.reevaluate-tiers', 'loyalty.birthday-bonuses']),
    'loyalty.expire-points': async (job, { db, clock }) => {
      await expirePoints(db, clock, programOf(job));
    },
    'loyalty.warn-expiring': async (job, { db, clock }) => {
      await warnExpiringPoints(db, clock, programOf(job));
    },
    'loyalty.reevaluate-tiers': async (job, { db, clock }) => {
      await reevaluateTiers(db, clock, programOf(job));
    },
    'loyalty.birthday-bonuses': async (job, { db, clock }) => {
      await awardBirthdayBonuses(db, clock, programOf(job));
    },
  },
  schedules: [
    { name: 'loyalty.hourly', type: 'loyalty.hourly', everySeconds: 3600 },
    { name: 'loyalty.daily', type: 'loyalty.daily', everySeconds: 86_400 },
  ],
};
