// The permissions the segments module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const segmentsPermissions = {
  'segments:read': {
    summary:
      'See saved segments and their counts; listing or exporting their members also needs members:read or members:export',
    roles: ['marketer', 'agent', 'viewer'],
  },
  'segments:write': {
    summary: 'Create and change saved segments',
    roles: ['marketer'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof segmentsPermissions, true> {}
}
