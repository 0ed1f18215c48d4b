// Roles and permissions as the server and the admin app share them. Each module defines the permissions that
// guard what it owns in its manifest (`definesPermissions`), with the roles that hold them; the role map is the
// union of those (auth's permissionCatalogue), and the admin app receives it with the session
// (GET /api/auth/session → `permissions`) instead of keeping a copy.

export const ROLES = ['owner', 'marketer', 'agent', 'cashier', 'partner', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The names of every permission, filled by the defining modules (declaration merging), so that a route, an API
 * key or the admin app naming a permission no module defines fails to type-check:
 *
 *   declare module '../../contracts/permissions.ts' {
 *     interface Permissions extends Record<keyof typeof loyaltyPermissions, true> {}
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by modules (declaration merging)
export interface Permissions {}
export type Permission = keyof Permissions & string;

/** A permission as its module defines it. */
export interface PermissionDefinition {
  /** What it lets its holder do, in one sentence (English; for operators and the API reference). */
  summary: string;
  /** The roles that hold it; the owner holds every permission and is not listed. */
  roles: readonly Exclude<Role, 'owner'>[];
}

export type PermissionDefinitions = Readonly<Record<string, PermissionDefinition>>;

/** One permission of the role map as the API hands it out: who holds it, owner included. */
export interface PermissionGrant {
  name: Permission;
  summary: string;
  /** The module that defines it. */
  module: string;
  roles: Role[];
}

/** Whether `role` holds `permission` according to the role map. */
export function roleHolds(grants: readonly PermissionGrant[], role: Role, permission: Permission): boolean {
  return grants.some((g) => g.name === permission && g.roles.includes(role));
}
