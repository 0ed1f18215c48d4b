// Background work of the rewards module: an hourly sweep expires coupons past their date, one job per
// program, each settling the points by the program's expiry policy.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { enqueueJob, type JobModule } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { expireCoupons } from './coupon-closing.ts';

async function fanOut(db: Db, clock: Clock): Promise<void> {
  const programs = await db
    .selectFrom('coupons')
    .select('program_id')
    .distinct()
    .where('status', '=', 'active')
    .where('expires_at', '<=', clock.now())
    .execute();
  for (const { program_id } of programs) {
    await enqueueJob(db, clock, {
      type: 'rewards.expire-coupons',
      programId: program_id,
      uniqueKey: `rewards.expire-coupons:${program_id}`,
    });
  }
}

export const rewardsJobs: JobModule = {
  handlers: {
    'rewards.hourly': (_job, { db, clock }) => fanOut(db, clock),
    'rewards.expire-coupons': async (job, { db, clock }) => {
      if (!job.programId) throw new Error('rewards.expire-coupons needs a programId');
      await expireCoupons(db, clock, SYSTEM_ACTOR, job.programId);
    },
  },
  schedules: [{ name: 'rewards.hourly', type: 'rewards.hourly', everySeconds: 3600 }],
};
