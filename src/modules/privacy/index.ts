// The privacy module: a member's data export and erasure, gathered from every module's memberData.
import { defineModule } from '../../platform/module.ts';
import { privacyRoutes } from './routes.ts';

export const privacyModule = defineModule({
  name: 'privacy',
  routes: [privacyRoutes],
  permissions: ['members:delete', 'members:export'],
});

export { eraseMember, exportMemberData } from './service.ts';
