// The member portal module's public surface.
export { portalRoutes, MEMBER_COOKIE, requireMember } from './routes.ts';
export { requestSignInCode, verifySignInCode, portalSessionFromToken } from './service.ts';
export { erasePortalData, memberPortalRecords } from './privacy.ts';
