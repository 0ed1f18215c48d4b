export {
  enqueueJob,
  extendJobLease,
  JobDeferred,
  LEASE_MS,
  retryDeadJob,
  retryDelayMs,
  wakeJob,
  type Job,
  type JobSpec,
  type RecurringSchedule,
} from './queue.ts';
export { Worker, type JobContext, type JobHandler, type JobModule } from './worker.ts';
