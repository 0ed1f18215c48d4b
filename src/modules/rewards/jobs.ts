// Background work of the rewards module: an hourly sweep expires coupons past their date, one job per
// program, each settling the points by the program's expiry policy; a coupon batch's codes are generated
// chunk by chunk, the lease kept after each (a killed job resumes after its last committed chunk); a daily sweep
// gives the automatic birthday-month rewards, one job per program with a birthday rule.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { enqueueJob, extendJobLease, type Job, type JobModule } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { failCouponBatch, generateNextChunk, GENERATE_CODES_JOB } from './batches.ts';
import { issueBirthdayRewards, programsWithBirthdayRules } from './automatic.ts';
import { expireCoupons } from './coupon-closing.ts';

/**
 * Runs a batch's generation to the end. A permanent error (an AppError: the input's fault) or the job's last
 * attempt marks the batch failed with the reason, so it never stays `generating` under a dead job; the
 * admin retries it (retryCouponBatch) after the cause is fixed. An earlier attempt only rethrows: the queue
 * retries it with backoff, and it resumes after the last committed chunk.
 */
async function generateBatch(db: Db, clock: Clock, job: Job, programId: string, batchId: string) {
  try {
    for (;;) {
      const chunk = await generateNextChunk(db, clock, programId, batchId);
      if (chunk.done) return;
      await extendJobLease(db, clock, job.id);
    }
  } catch (e) {
    if (e instanceof AppError) {
      await failCouponBatch(db, clock, programId, batchId, `${e.code}: ${e.message}`);
    } else if (job.attempts >= job.maxAttempts) {
      const message = e instanceof Error ? e.message : String(e);
      await failCouponBatch(db, clock, programId, batchId, `generation_failed: ${message}`);
    }
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

/** Once a day: a birthday-rewards job per program with an active birthday rule. */
async function birthdayFanOut(db: Db, clock: Clock): Promise<void> {
  for (const programId of await programsWithBirthdayRules(db)) {
    await enqueueJob(db, clock, {
      type: BIRTHDAY_REWARDS_JOB,
      programId,
      uniqueKey: `${BIRTHDAY_REWARDS_JOB}:${programId}`,
    });
  }
}

export const BIRTHDAY_REWARDS_JOB = 'rewards.birthday-rewards';

export const rewardsJobs: JobModule = {
  handlers: {
    'rewards.hourly': (_job, { db, clock }) => fanOut(db, clock),
    'rewards.expire-coupons': async (job, { db, clock }) => {
      if (!job.programId) throw new Error('rewards.expire-coupons needs a programId');
      await expireCoupons(db, clock, SYSTEM_ACTOR, job.programId);
    },
    'rewards.daily': (_job, { db, clock }) => birthdayFanOut(db, clock),
    [BIRTHDAY_REWARDS_JOB]: async (job, { db, clock }) => {
      if (!job.programId) throw new Error(`${BIRTHDAY_REWARDS_JOB} needs a programId`);
      await issueBirthdayRewards(db, clock, job.programId);
    },
    [GENERATE_CODES_JOB]: async (job, { db, clock }) => {
      const batchId = job.payload.batchId;
      if (!job.programId || typeof batchId !== 'string')
        throw new Error(`${GENERATE_CODES_JOB} needs a batch`);
      await generateBatch(db, clock, job, job.programId, batchId);
    },
  },
  schedules: [
    { name: 'rewards.hourly', type: 'rewards.hourly', everySeconds: 3600 },
    { name: 'rewards.daily', type: 'rewards.daily', everySeconds: 86_400 },
  ],
};
