// The value module's public surface: customer value reports and the segment fields it contributes.
import { defineModule } from '../../platform/module.ts';
import { valueRoutes } from './routes.ts';

export const valueModule = defineModule({
  name: 'value',
  routes: [valueRoutes],
  permissions: ['members:export', 'members:read', 'reports:read'],
});

export { valueRoutes } from './routes.ts';
export { valueSegmentFields } from './segment-fields.ts';
export { RFM_SEGMENTS, rfmSegment, type RfmSegment } from './rfm-grid.ts';
