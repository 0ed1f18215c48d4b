// The segments module's public surface: the rule language, saved segments, and the field extension point.
// Other modules add fields by passing them to segmentsModule (docs/adr/segment-fields.md).
import type { FastifyPluginAsync } from 'fastify';
import type { JobModule } from '../../platform/jobs/index.ts';
import { defineModule, migrationsBeside, type ModuleManifest } from '../../platform/module.ts';
import { builtInFieldRegistry } from './fields/built-in.ts';
import type { SegmentField } from './fields/field.ts';
import type { SegmentFieldRegistry } from './fields/registry.ts';
import { segmentJobs } from './jobs.ts';
import { segmentRoutes } from './routes.ts';
import { segmentsPermissions } from './permissions.ts';
import { mergeSegments } from './merge.ts';

export { defineField, type FieldFamily, type SegmentField } from './fields/field.ts';
export { SegmentFieldRegistry } from './fields/registry.ts';
export { compileSegmentRule, countMembers, segmentMembersQuery, type CompiledSegment } from './evaluate.ts';
export { createSegment, getSegment, listSegments, type Segment } from './service.ts';
export { listSegmentEvents, refreshSegment, type SegmentEvent } from './refresh.ts';
export type { CompileContext, FieldSource, RuleNode, ValueType } from './rules/types.ts';

export interface SegmentsModule {
  fields: SegmentFieldRegistry;
  routes: FastifyPluginAsync;
  jobs: JobModule;
}

/** The segments module with the built-in fields plus the fields other modules contribute. */
export function segmentsModule(contributed: SegmentField[] = []): SegmentsModule {
  const fields = builtInFieldRegistry().with(contributed);
  return { fields, routes: (app) => segmentRoutes(app, { fields }), jobs: segmentJobs(fields) };
}

/** The module's manifest (src/app/modules.ts), with the fields other modules contribute. */
export function segmentsManifest(contributed: SegmentField[] = []): ModuleManifest {
  const segments = segmentsModule(contributed);
  return defineModule({
    name: 'segments',
    mergeMember: mergeSegments,
    routes: [segments.routes],
    permissions: ['members:export', 'members:read', 'segments:read', 'segments:write'],
    definesPermissions: segmentsPermissions,
    jobs: segments.jobs,
    migrations: migrationsBeside(import.meta.url),
  });
}
