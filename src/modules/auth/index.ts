// The auth module's public surface: admin users, roles, API keys, and the authentication of every route.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { startWithOwner } from './owner.ts';
import { authPlugin } from './plugin.ts';
import { authRoutes } from './routes.ts';
import { authPermissions } from './permissions.ts';

export const authModule = defineModule({
  name: 'auth',
  plugins: [authPlugin],
  routes: [authRoutes],
  permissions: ['apikeys:manage', 'users:manage'],
  definesPermissions: authPermissions,
  migrations: migrationsBeside(import.meta.url),
  start: startWithOwner,
});

export { permissionCatalogue, ROLES, type Permission, type PermissionCatalogue } from './permissions.ts';
export { partnerOf, principalId, storeOf, type Principal, type RouteAuth } from './principal.ts';
export { createAdminUser, createApiKey, grantRole, type AdminUser } from './service.ts';
export type { Role } from './tables.ts';
export { newToken, sha256 } from './tokens.ts';
