// Fields the value module contributes to segments: RFM segment and scores, and value figures, computed at
// the moment the segment is evaluated (docs/adr/segment-fields.md).
import { sql } from 'kysely';
import { Type } from 'typebox';
import { DAY_MS } from '../../platform/clock.ts';
import { defineField, type CompileContext, type SegmentField } from '../segments/index.ts';
import { customersSql, rfmScoresSql, type ValueWindow } from './customers.ts';
import { metricSegmentFields } from './metric-fields.ts';
import { RFM_SEGMENTS, type RfmScale } from './rfm-grid.ts';
import { DEFAULT_WINDOW_MONTHS } from './window.ts';

const RfmParams = Type.Object(
  {
    months: Type.Integer({ minimum: 1, maximum: 120, default: DEFAULT_WINDOW_MONTHS }),
    scale: Type.Union([Type.Literal(5), Type.Literal(4)], { default: 5 }),
  },
  { additionalProperties: false },
);
type RfmParams = { months: number; scale: RfmScale };
const MonthsParams = Type.Object(
  { months: Type.Integer({ minimum: 1, maximum: 120, default: DEFAULT_WINDOW_MONTHS }) },
  { additionalProperties: false },
);

/** The window ending now; months are counted as 30.44 days here (the reports use calendar months). */
const windowOf = (ctx: CompileContext, months: number): ValueWindow => ({
  programId: ctx.programId,
  currency: ctx.currency,
  asOf: ctx.now,
  since: new Date(ctx.now.getTime() - Math.round(months * 30.44) * DAY_MS),
});

const score = (key: string, label: string, column: 'r' | 'f' | 'm'): SegmentField =>
  defineField<RfmParams>({
    key,
    group: 'rfm',
    label,
    type: 'number',
    integer: true,
    minimum: 1,
    maximum: 5,
    unit: 'score',
    params: RfmParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: null,
      rows: sql`select s.member_id, ${sql.ref(`s.${column}`)} as v from (${rfmScoresSql(windowOf(ctx, p.months), p.scale)}) s`,
    }),
  });

export const valueSegmentFields: SegmentField[] = [
  defineField<RfmParams>({
    key: 'rfm.segment',
    group: 'rfm',
    label: 'RFM segment',
    type: 'enum',
    options: RFM_SEGMENTS,
    params: RfmParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: null,
      rows: sql`select s.member_id, s.segment as v from (${rfmScoresSql(windowOf(ctx, p.months), p.scale)}) s`,
    }),
  }),
  score('rfm.recency_score', 'RFM recency score', 'r'),
  score('rfm.frequency_score', 'RFM frequency score', 'f'),
  score('rfm.monetary_score', 'RFM monetary score', 'm'),
  defineField<{ months: number }>({
    key: 'value.average_order',
    group: 'value',
    label: 'Average order value (minor units, in the window)',
    type: 'number',
    unit: 'minor_units',
    params: MonthsParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: null,
      rows: sql`select c.member_id, round(c.monetary::numeric / c.frequency) as v from (${customersSql(windowOf(ctx, p.months))}) c`,
    }),
  }),
  ...metricSegmentFields,
];
