// Background work of the rewards module: an hourly sweep expires coupons past their date, one job per
// program, each settling the points by the program's expiry policy; a coupon batch's codes are generated
// chunk by chunk, the lease kept after each (a killed job resumes after its last committed chunk).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { enqueueJob, extendJobLease, type JobModule } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { failCouponBatch, generateNextChunk, GENERATE_CODES_JOB } from './batches.ts';
import { expireCoupons } from './coupon-closing.ts';

async function generateBatch(db: Db, clock: Clock, jobId: number, programId: string, batchId: string) {
  try {
    for (;;) {
      const chunk = await generateNextChunk(db, clock, programId, batchId);
      if (chunk.done) return;
      await extendJobLease(db, clock, jobId);
    }
  } catch (e) {
    if (e instanceof AppError)
      await failCouponBatch(db, clock, programId, batchId, `${e.code}: ${e.message}`);
    throw e;
  }
}

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
    [GENERATE_CODES_JOB]: async (job, { db, clock }) => {
      const batchId = job.payload.batchId;
      if (!job.programId || typeof batchId !== 'string')
        throw new Error(`${GENERATE_CODES_JOB} needs a batch`);
      await generateBatch(db, clock, job.id, job.programId, batchId);
    },
  },
  schedules: [{ name: 'rewards.hourly', type: 'rewards.hourly', everySeconds: 3600 }],
};
