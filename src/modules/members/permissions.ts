// The permissions the members module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const membersPermissions = {
  'members:read': {
    summary: 'See members and their profiles',
    roles: ['marketer', 'agent', 'cashier', 'viewer'],
  },
  'members:write': {
    summary: 'Create and change members',
    roles: ['marketer', 'agent'],
  },
  'members:delete': {
    summary: 'Delete members and erase their personal data',
    roles: [],
  },
  'members:export': {
    summary: "Export members, a segment's members or one member's data",
    roles: ['marketer'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof membersPermissions, true> {}
}
