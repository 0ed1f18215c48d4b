// The programs module's public surface: clubs (tenants) and their settings.
import { defineModule } from '../../platform/module.ts';
import { programRoutes } from './routes.ts';
import { programsPermissions } from './permissions.ts';

export const programsModule = defineModule({
  name: 'programs',
  routes: [programRoutes],
  permissions: ['program:read', 'program:write'],
  definesPermissions: programsPermissions,
});

export {
  anyProgramExists,
  createProgram,
  findProgram,
  getProgram,
  listPrograms,
  updateProgram,
  type Program,
  type ProgramInput,
} from './service.ts';
