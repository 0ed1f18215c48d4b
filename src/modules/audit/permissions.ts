// The permissions the audit module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const auditPermissions = {
  'audit:read': {
    summary: 'Read the audit log',
    roles: ['marketer'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof auditPermissions, true> {}
}
