// The one place where modules' background job handlers and recurring schedules are registered.
import { importJobs } from '../../modules/imports/jobs.ts';
import { ingestJobs } from '../../modules/ingest/index.ts';
import { loyaltyJobs } from '../../modules/loyalty/index.ts';
import { membershipJobs } from '../../modules/membership/index.ts';
import { messagingJobs } from '../../modules/messaging/index.ts';
import { rewardsJobs } from '../../modules/rewards/index.ts';
import { segments } from '../http/module-routes.ts';
import type { JobModule } from './worker.ts';

export const moduleJobs: JobModule[] = [
  messagingJobs,
  importJobs,
  ingestJobs,
  loyaltyJobs,
  membershipJobs,
  rewardsJobs,
  segments.jobs,
];
