// The background job that runs an uploaded import. Long imports keep their job lease alive batch by batch.
import type { JobModule } from '../../platform/jobs/index.ts';
import { extendJobLease } from '../../platform/jobs/index.ts';
import { markImportFailed, runImport } from './runner.ts';
import { IMPORT_JOB } from './service.ts';

export const importJobs: JobModule = {
  handlers: {
    [IMPORT_JOB]: async (job, { db, clock }) => {
      const importId = String(job.payload.importId);
      try {
        await runImport(db, clock, importId, { onBatch: () => extendJobLease(db, clock, job.id) });
      } catch (e) {
        if (job.attempts >= job.maxAttempts) await markImportFailed(db, clock, importId, String(e));
        throw e;
      }
    },
  },
};
