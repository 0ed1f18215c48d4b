// The permissions the rewards module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const rewardsPermissions = {
  'rewards:read': {
    summary: 'See the rewards catalog and its settings',
    roles: ['marketer', 'agent', 'viewer'],
  },
  'rewards:write': {
    summary: 'Change the rewards catalog and its settings',
    roles: ['marketer'],
  },
  'coupons:redeem': {
    summary:
      'Validate, redeem and undo coupons at a till or shop; top up gift cards; redeem a reward for a member',
    roles: ['marketer', 'agent', 'cashier', 'partner'],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof rewardsPermissions, true> {}
}
