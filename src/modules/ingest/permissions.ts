// The permissions the ingest module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const ingestPermissions = {
  'ingest:write': {
    summary: 'Send Segment-compatible identify, track and batch calls (an API key for a shop or an app)',
    roles: [],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof ingestPermissions, true> {}
}
