// The permissions the imports module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const importsPermissions = {
  'members:import': {
    summary: 'Import members from CSV files',
    roles: ['marketer'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof importsPermissions, true> {}
}
