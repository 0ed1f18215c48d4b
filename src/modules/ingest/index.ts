// The ingest module's public surface. Other modules import only from here.
export { ingestJobs } from './jobs.ts';
export { listMemberEvents, type IngestResult, type MemberEvent } from './service.ts';
export type { EffectStatus, EventType } from './tables.ts';
export { eraseMemberEvents, memberEventRecords } from './privacy.ts';
