// The permissions the loyalty module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const loyaltyPermissions = {
  'loyalty:read': {
    summary: 'See points, tiers, purchases and the loyalty settings',
    roles: ['marketer', 'agent', 'cashier', 'partner', 'viewer'],
  },
  'loyalty:write': {
    summary: 'Change earning rules, tiers and the loyalty settings',
    roles: ['marketer'],
  },
  'points:adjust': {
    summary: "Adjust a member's points by hand",
    roles: ['marketer', 'agent'],
  },
  'purchases:write': {
    summary: 'Record and refund purchases',
    roles: ['marketer', 'agent', 'cashier', 'partner'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof loyaltyPermissions, true> {}
}
