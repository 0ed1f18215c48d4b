// The permissions the messaging module defines and the roles that hold them (the owner holds all); see
// src/contracts/permissions.ts.
import type { PermissionDefinitions } from '../../contracts/permissions.ts';

export const messagingPermissions = {
  'messaging:read': {
    summary: 'See templates, messages, campaigns and the sending settings',
    roles: ['marketer', 'agent', 'viewer'],
  },
  'messaging:write': {
    summary: 'Change templates, campaigns and the sending settings, and send',
    roles: ['marketer'],
  },
  'messaging:inbound': {
    summary: "For SMS providers' inbound webhooks (STOP replies); give it to an API key, not a person",
    roles: [],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof messagingPermissions, true> {}
}
