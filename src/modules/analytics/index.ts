// The analytics module's public surface: dashboard figures and reports (read model, ADR 0005).
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { analyticsRoutes } from './routes.ts';
import { analyticsPermissions } from './permissions.ts';

export const analyticsModule = defineModule({
  name: 'analytics',
  routes: [analyticsRoutes],
  permissions: ['reports:read'],
  definesPermissions: analyticsPermissions,
  migrations: migrationsBeside(import.meta.url),
});
