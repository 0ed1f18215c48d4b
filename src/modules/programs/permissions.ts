// The permissions the programs module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const programsPermissions = {
  'program:read': {
    summary: 'See the program and its settings',
    roles: ['marketer', 'agent', 'cashier', 'partner', 'viewer'],
  },
  'program:write': {
    summary: "Change the program's settings",
    roles: [],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof programsPermissions, true> {}
}
