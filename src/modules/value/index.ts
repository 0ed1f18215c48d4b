// The value module's public surface: customer value reports and the segment fields it contributes.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { memberMetricsSubscription } from './metrics.ts';
import { valueRoutes } from './routes.ts';
import { mergeValue } from './merge.ts';

export const valueModule = defineModule({
  name: 'value',
  mergeMember: mergeValue,
  routes: [valueRoutes],
  permissions: ['members:export', 'members:read', 'reports:read'],
  subscriptions: [memberMetricsSubscription],
  migrations: migrationsBeside(import.meta.url),
});

export { valueRoutes } from './routes.ts';
export { valueSegmentFields } from './segment-fields.ts';
export { RFM_SEGMENTS, rfmSegment, type RfmSegment } from './rfm-grid.ts';
export { CHURN_RISKS, churnRisk, type ChurnRisk } from './churn.ts';
export {
  memberMetrics,
  memberMetricsSubscription,
  refreshMemberMetrics,
  type MemberMetrics,
} from './metrics.ts';
export { rfmScoresSql, type ValueWindow } from './customers.ts';
export { snapshotFor, type Snapshot } from './window.ts';
