// The one place where module routes are registered with the app.
import type { FastifyPluginAsync } from 'fastify';
import { analyticsRoutes } from '../../modules/analytics/routes.ts';
import { auditRoutes } from '../../modules/audit/routes.ts';
import { authRoutes } from '../../modules/auth/routes.ts';
import { importInspectRoutes } from '../../modules/imports/inspect-routes.ts';
import { importRoutes } from '../../modules/imports/routes.ts';
import { awardSignupBonus } from '../../modules/loyalty/index.ts';
import { loyaltyRoutes } from '../../modules/loyalty/routes.ts';
import { ingestRoutes } from '../../modules/ingest/routes.ts';
import { memberRoutes } from '../../modules/members/routes.ts';
import { formRoutes } from '../../modules/membership/forms/routes.ts';
import { publicFormRoutes } from '../../modules/membership/forms/public-routes.ts';
import { listRoutes } from '../../modules/membership/lists-routes.ts';
import { unsubscribeRoutes } from '../../modules/membership/unsubscribe-routes.ts';
import { messagingRoutes } from '../../modules/messaging/routes.ts';
import { privacyRoutes } from '../../modules/privacy/routes.ts';
import { portalRoutes } from '../../modules/portal/routes.ts';
import { programRoutes } from '../../modules/programs/routes.ts';
import { rewardsRoutes } from '../../modules/rewards/index.ts';
import { segmentsModule } from '../../modules/segments/index.ts';
import { valueRoutes, valueSegmentFields } from '../../modules/value/index.ts';

// A member created through the API earns the loyalty signup bonus in the transaction that creates it. The
// members module does not know loyalty (loyalty depends on members), so the two meet here.
const memberRoutesWithSignupBonus: FastifyPluginAsync = (app) =>
  memberRoutes(app, { onMemberCreated: awardSignupBonus });

/** Segments with the fields other modules contribute (one registry for its routes and its refresh job). */
export const segments = segmentsModule(valueSegmentFields);

export const moduleRoutes: FastifyPluginAsync[] = [
  authRoutes,
  programRoutes,
  auditRoutes,
  memberRoutesWithSignupBonus,
  messagingRoutes,
  listRoutes,
  formRoutes,
  publicFormRoutes,
  unsubscribeRoutes,
  loyaltyRoutes,
  ingestRoutes,
  importRoutes,
  importInspectRoutes,
  privacyRoutes,
  portalRoutes,
  analyticsRoutes,
  rewardsRoutes,
  segments.routes,
  valueRoutes,
];
