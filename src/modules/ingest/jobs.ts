// Background work of the ingest module: effects that waited for a visitor to be identified, beyond what the
// identify request carries out itself.
import type { JobModule } from '../../platform/jobs/index.ts';
import { APPLY_AWAITING_EFFECTS_JOB, applyAllAwaitingEffects } from './service.ts';

export const ingestJobs: JobModule = {
  handlers: {
    [APPLY_AWAITING_EFFECTS_JOB]: async (job, ctx) => {
      await applyAllAwaitingEffects(ctx.db, ctx.clock, job.programId!, String(job.payload.memberId));
    },
  },
};
