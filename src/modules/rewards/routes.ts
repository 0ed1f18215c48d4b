// The rewards module's HTTP surface.
import type { FastifyInstance } from 'fastify';
import { rewardAdminRoutes } from './admin-routes.ts';
import { couponBatchRoutes } from './batch-routes.ts';
import { rewardPortalRoutes } from './portal-routes.ts';
import { rewardRuleRoutes } from './rule-routes.ts';
import { tillRoutes } from './till-routes.ts';

export async function rewardsRoutes(app: FastifyInstance) {
  await app.register(rewardAdminRoutes);
  await app.register(couponBatchRoutes);
  await app.register(rewardRuleRoutes);
  await app.register(tillRoutes);
  await app.register(rewardPortalRoutes);
}
