// The permissions the membership module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const membershipPermissions = {
  'membership:read': {
    summary: 'See lists, signup forms and consent',
    roles: ['marketer', 'agent', 'viewer'],
  },
  'membership:write': {
    summary: 'Change lists, signup forms and consent',
    roles: ['marketer'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof membershipPermissions, true> {}
}
