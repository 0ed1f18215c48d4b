// RFM named segments on the recency × frequency grid, the widely used eleven-segment map. Pure: the same
// table gives the JS mapping (reports) and the SQL CASE (segment fields), so the two cannot disagree.
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'cant_lose',
  'at_risk',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'lost',
  'hibernating',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export type RfmScale = 4 | 5;

/** First match wins; positions are on the quintile grid (1 = longest ago / fewest orders, 5 = best). */
const GRID: { segment: RfmSegment; r: [number, number]; f: [number, number] }[] = [
  { segment: 'champions', r: [5, 5], f: [4, 5] },
  { segment: 'loyal', r: [3, 4], f: [4, 5] },
  { segment: 'cant_lose', r: [1, 2], f: [5, 5] },
  { segment: 'at_risk', r: [1, 2], f: [3, 4] },
  { segment: 'potential_loyalists', r: [4, 5], f: [2, 3] },
  { segment: 'new', r: [5, 5], f: [1, 1] },
  { segment: 'promising', r: [4, 4], f: [1, 1] },
  { segment: 'need_attention', r: [3, 3], f: [3, 3] },
  { segment: 'about_to_sleep', r: [3, 3], f: [1, 2] },
  { segment: 'lost', r: [1, 1], f: [1, 1] },
  { segment: 'hibernating', r: [1, 2], f: [1, 2] },
];

/** Quartile scores sit on the quintile grid at 1, 2, 4, 5 (its middle row and column are not used). */
export function gridPosition(score: number, scale: RfmScale): number {
  return scale === 5 ? score : ([0, 1, 2, 4, 5][score] ?? score);
}

export function rfmSegment(r: number, f: number, scale: RfmScale): RfmSegment {
  const [gr, gf] = [gridPosition(r, scale), gridPosition(f, scale)];
  const hit = GRID.find((g) => gr >= g.r[0] && gr <= g.r[1] && gf >= g.f[0] && gf <= g.f[1]);
  if (!hit) throw new Error(`RFM grid has no segment for r=${r} f=${f}`);
  return hit.segment;
}

/** The same mapping as SQL over integer score expressions. */
export function rfmSegmentSql(
  r: RawBuilder<unknown>,
  f: RawBuilder<unknown>,
  scale: RfmScale,
): RawBuilder<string> {
  const pos = (x: RawBuilder<unknown>) =>
    scale === 5 ? x : sql`(case ${x} when 3 then 4 when 4 then 5 else ${x} end)`;
  const [gr, gf] = [pos(r), pos(f)];
  const whens = GRID.map(
    (g) => sql`when ${gr} between ${sql.lit(g.r[0])} and ${sql.lit(g.r[1])}
      and ${gf} between ${sql.lit(g.f[0])} and ${sql.lit(g.f[1])} then ${sql.lit(g.segment)}`,
  );
  return sql<string>`(case ${sql.join(whens, sql` `)} end)`;
}
