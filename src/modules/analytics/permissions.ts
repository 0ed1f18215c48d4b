// The permissions the analytics module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const analyticsPermissions = {
  'reports:read': {
    summary: 'Dashboard figures and reports (aggregates only, no personal data)',
    roles: ['marketer', 'agent', 'viewer'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof analyticsPermissions, true> {}
}
