// The value module's public surface: customer value reports and the segment fields it contributes.
export { valueRoutes } from './routes.ts';
export { valueSegmentFields } from './segment-fields.ts';
export { RFM_SEGMENTS, rfmSegment, type RfmSegment } from './rfm-grid.ts';
