// The loyalty module's HTTP surface: accounts and points, purchases and refunds, rules/tiers/settings.
import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account-routes.ts';
import { loyaltyConfigRoutes } from './config-routes.ts';
import { purchaseListRoutes } from './purchase-list-routes.ts';
import { purchaseRoutes } from './purchase-routes.ts';

export async function loyaltyRoutes(app: FastifyInstance) {
  await app.register(accountRoutes);
  await app.register(purchaseRoutes);
  await app.register(purchaseListRoutes);
  await app.register(loyaltyConfigRoutes);
}
