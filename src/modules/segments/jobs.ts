// The scheduled refresh of every saved segment (REFRESH_SECONDS; see refresh.ts for the stated lag).
import type { JobModule } from '../../platform/jobs/index.ts';
import type { SegmentFieldRegistry } from './fields/registry.ts';
import { REFRESH_SECONDS, refreshAllSegments } from './refresh.ts';

export const REFRESH_SEGMENTS_JOB = 'segments.refresh';

export function segmentJobs(fields: SegmentFieldRegistry): JobModule {
  return {
    handlers: {
      [REFRESH_SEGMENTS_JOB]: async (_job, { db, clock }) => {
        await refreshAllSegments({ db, clock, fields });
      },
    },
    schedules: [{ name: REFRESH_SEGMENTS_JOB, type: REFRESH_SEGMENTS_JOB, everySeconds: REFRESH_SECONDS }],
  };
}
