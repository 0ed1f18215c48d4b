// The kernel's own recurring jobs: retention of the event outbox and of finished jobs. They run in the
// workers of `moadon serve` and `moadon worker` (runtime.ts) beside every module's jobs; tests call the
// prune functions on their own clock instead (a shared test database holds other files' rows).
import { RETENTION_DEFAULTS } from '../config.ts';
import { pruneDeliveredEvents } from './events/prune.ts';
import { pruneFinishedJobs } from './jobs/prune.ts';
import type { JobModule } from './jobs/worker.ts';

const DAY_SECONDS = 86_400;

export const housekeepingJobs: JobModule = {
  handlers: {
    'platform.prune-events': async (_job, { db, clock, config }) => {
      await pruneDeliveredEvents(db, clock, {
        retentionDays: config.eventRetentionDays ?? RETENTION_DEFAULTS.eventRetentionDays,
      });
    },
    'platform.prune-jobs': async (_job, { db, clock, config }) => {
      await pruneFinishedJobs(db, clock, {
        retentionDays: config.jobRetentionDays ?? RETENTION_DEFAULTS.jobRetentionDays,
      });
    },
  },
  schedules: [
    { name: 'platform.prune-events', type: 'platform.prune-events', everySeconds: DAY_SECONDS },
    { name: 'platform.prune-jobs', type: 'platform.prune-jobs', everySeconds: DAY_SECONDS },
  ],
};
