// The member portal module's public surface.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { erasePortalData, memberPortalRecords } from './privacy.ts';
import { portalRoutes } from './routes.ts';
import { mergePortal } from './merge.ts';

export const portalModule = defineModule({
  name: 'portal',
  mergeMember: mergePortal,
  routes: [portalRoutes],
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'portal',
    exportData: memberPortalRecords,
    erase: (trx, _clock, subject) => erasePortalData(trx, subject),
  },
});

export { portalRoutes, MEMBER_COOKIE, requireMember } from './routes.ts';
export { requestSignInCode, verifySignInCode, portalSessionFromToken } from './service.ts';
export { erasePortalData, memberPortalRecords } from './privacy.ts';
