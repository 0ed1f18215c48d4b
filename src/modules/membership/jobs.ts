// Background work of the membership module: hourly expiry of unconfirmed double opt-in signups.
import type { JobModule } from '../../platform/jobs/index.ts';
import { expirePendingSignups } from './forms/expiry.ts';

export const EXPIRE_SIGNUPS_JOB = 'membership.expire-signups';

export const membershipJobs: JobModule = {
  handlers: {
    [EXPIRE_SIGNUPS_JOB]: async (_job, { db, clock }) => {
      await expirePendingSignups(db, clock);
    },
  },
  schedules: [{ name: EXPIRE_SIGNUPS_JOB, type: EXPIRE_SIGNUPS_JOB, everySeconds: 3600 }],
};
