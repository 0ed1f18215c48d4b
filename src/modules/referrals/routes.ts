// The referrals module's HTTP surface.
import type { FastifyInstance } from 'fastify';
import { referralAdminRoutes } from './admin-routes.ts';
import { referralLinkRoutes } from './link-routes.ts';
import { referralPortalRoutes } from './portal-routes.ts';

export async function referralsRoutes(app: FastifyInstance) {
  await app.register(referralAdminRoutes);
  await app.register(referralPortalRoutes);
  await app.register(referralLinkRoutes);
}
