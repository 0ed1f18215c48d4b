// What each role may do: the role map, built from the permissions every module's manifest defines
// (`definesPermissions`, src/contracts/permissions.ts), not kept here. Routes name one permission; roles and API
// keys hold sets of them. The owner holds every permission.
import type {
  Permission,
  PermissionDefinitions,
  PermissionGrant,
  Role,
} from '../../contracts/permissions.ts';
import { ROLES } from '../../contracts/permissions.ts';
import type { ModuleManifest } from '../../platform/module.ts';

export { ROLES, type Permission };

export interface PermissionCatalogue {
  /** Every permission, in module-list order. */
  permissions: readonly Permission[];
  /** What each role holds. */
  rolePermissions: Readonly<Record<Role, ReadonlySet<Permission>>>;
  /** The role map as the API hands it to the admin app. */
  grants: readonly PermissionGrant[];
}

const built = new WeakMap<readonly ModuleManifest[], PermissionCatalogue>();

/**
 * The role map of an app's modules. Refuses a permission defined by two modules, and one a module's routes use
 * (`permissions`) that no module defines, so the map and the routes cannot drift apart.
 */
export function permissionCatalogue(modules: readonly ModuleManifest[]): PermissionCatalogue {
  const known = built.get(modules);
  if (known) return known;
  const definedBy = new Map<string, string>();
  const grants: PermissionGrant[] = [];
  for (const module of modules) {
    const definitions: PermissionDefinitions = module.definesPermissions ?? {};
    for (const [name, definition] of Object.entries(definitions)) {
      const other = definedBy.get(name);
      if (other) throw new Error(`Permission "${name}" is defined by both ${other} and ${module.name}`);
      definedBy.set(name, module.name);
      grants.push({
        name: name as Permission,
        summary: definition.summary,
        module: module.name,
        roles: ROLES.filter((role) => role === 'owner' || definition.roles.includes(role)),
      });
    }
  }
  for (const module of modules) {
    for (const name of module.permissions ?? []) {
      if (!definedBy.has(name)) {
        throw new Error(
          `The ${module.name} module uses permission "${name}", which no module defines (definesPermissions)`,
        );
      }
    }
  }
  const rolePermissions = Object.fromEntries(
    ROLES.map((role) => [role, new Set(grants.filter((g) => g.roles.includes(role)).map((g) => g.name))]),
  ) as unknown as Record<Role, ReadonlySet<Permission>>;
  const catalogue = { permissions: grants.map((g) => g.name), rolePermissions, grants };
  built.set(modules, catalogue);
  return catalogue;
}

/** Auth's own permissions: admin users and API keys. */
export const authPermissions = {
  'users:manage': {
    summary: 'Invite admin users and change their roles',
    roles: [],
  },
  'apikeys:manage': {
    summary: 'Create and revoke API keys',
    roles: [],
  },
} as const satisfies PermissionDefinitions;

declare module '../../contracts/permissions.ts' {
  interface Permissions extends Record<keyof typeof authPermissions, true> {}
}
