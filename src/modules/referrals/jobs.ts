// Background work of the referrals module: every five minutes, each program with referrals waiting for the
// friend's purchase gets a job that qualifies (and pays) or expires them.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { enqueueJob, type JobModule } from '../../platform/jobs/index.ts';
import { checkPendingReferrals } from './qualify.ts';

async function fanOut(db: Db, clock: Clock): Promise<void> {
  const programs = await db
    .selectFrom('referrals')
    .select('program_id')
    .distinct()
    .where('status', '=', 'joined')
    .execute();
  for (const { program_id } of programs) {
    await enqueueJob(db, clock, {
      type: 'referrals.check-pending',
      programId: program_id,
      uniqueKey: `referrals.check-pending:${program_id}`,
    });
  }
}

export const referralsJobs: JobModule = {
  handlers: {
    'referrals.sweep': (_job, { db, clock }) => fanOut(db, clock),
    'referrals.check-pending': async (job, { db, clock }) => {
      if (!job.programId) throw new Error('referrals.check-pending needs a programId');
      await checkPendingReferrals(db, clock, job.programId);
    },
  },
  schedules: [{ name: 'referrals.sweep', type: 'referrals.sweep', everySeconds: 300 }],
};
