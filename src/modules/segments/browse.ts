// The admin's members list: the active members an unsaved rule selects (tier, list, tag, joined, last purchase,
// birthday month, … — any segment field), with their points, tier and last purchase, sorted, a page at a time
// with the total, and the same rows as CSV. The columns come from the fields' own sources, so this file names no
// other module's table.
import { sql } from 'kysely';
import { csvLines } from '../../platform/csv.ts';
import { compileContext, compileSegmentRule, type CompiledSegment } from './evaluate.ts';
import type { CompileContext, Sql } from './rules/types.ts';
import type { SegmentDeps } from './service.ts';

export const BROWSE_SORTS = ['joined', 'name', 'points', 'last_purchase'] as const;
export type BrowseSort = (typeof BROWSE_SORTS)[number];

export interface BrowseInput {
  rule?: unknown;
  sort: BrowseSort;
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface BrowsedMember {
  id: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  joinedAt: Date;
  points: number;
  tierKey: string | null;
  lastPurchaseAt: Date | null;
}

/** The rows `(member_id, v)` of an aggregate field, for a left join. */
function aggregateRows(deps: SegmentDeps, ctx: CompileContext, key: string): Sql {
  const source = deps.fields.get(key, ctx).source(ctx, {});
  if (source.kind !== 'aggregate') throw new Error(`Segment field ${key} is not an aggregate`);
  return source.rows;
}

async function compiled(deps: SegmentDeps, programId: string, rule: unknown): Promise<CompiledSegment> {
  const now = deps.clock.now();
  if (rule === undefined || rule === null)
    return { ctx: await compileContext(deps.db, programId, now), predicate: sql`true` };
  return compileSegmentRule(deps.db, deps.fields, programId, now, rule);
}

function browseQuery(deps: SegmentDeps, segment: CompiledSegment, input: Omit<BrowseInput, 'rule'>) {
  const { ctx } = segment;
  const points = aggregateRows(deps, ctx, 'loyalty.points_available');
  const tier = aggregateRows(deps, ctx, 'loyalty.tier');
  const last = aggregateRows(deps, ctx, 'purchase.last_at');
  const dir = input.direction === 'asc' ? sql`asc` : sql`desc`;
  const order: Record<BrowseSort, Sql> = {
    joined: sql`m.created_at ${dir}`,
    name: sql`lower(coalesce(m.first_name, '') || ' ' || coalesce(m.last_name, '')) ${dir}`,
    points: sql`coalesce(pts.v, 0) ${dir}`,
    last_purchase: sql`lp.v ${dir} nulls last`,
  };
  return sql<{
    id: string;
    external_id: string | null;
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    phone: string | null;
    locale: string | null;
    created_at: Date;
    points: string | number | null;
    tier_key: string | null;
    last_purchase_at: Date | null;
  }>`
    select m.id, m.external_id, m.first_name, m.last_name, m.email, m.phone, m.locale, m.created_at,
      coalesce(pts.v, 0) as points, tr.v as tier_key, lp.v as last_purchase_at
    from members m
    left join (${points}) pts on pts.member_id = m.id
    left join (${tier}) tr on tr.member_id = m.id
    left join (${last}) lp on lp.member_id = m.id
    where m.program_id = ${ctx.programId} and m.status = 'active' and ${segment.predicate}
    order by ${order[input.sort]}, m.id ${dir}
    limit ${input.limit} offset ${input.offset}
  `;
}

const view = (r: {
  id: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  created_at: Date;
  points: string | number | null;
  tier_key: string | null;
  last_purchase_at: Date | null;
}): BrowsedMember => ({
  id: r.id,
  externalId: r.external_id,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  locale: r.locale,
  joinedAt: new Date(r.created_at),
  points: Number(r.points ?? 0),
  tierKey: r.tier_key,
  lastPurchaseAt: r.last_purchase_at ? new Date(r.last_purchase_at) : null,
});

export async function browseMembers(deps: SegmentDeps, programId: string, input: BrowseInput) {
  const segment = await compiled(deps, programId, input.rule);
  const [rows, total] = await Promise.all([
    browseQuery(deps, segment, input).execute(deps.db),
    sql<{ n: string | number }>`
      select count(*) as n from members m
      where m.program_id = ${programId} and m.status = 'active' and ${segment.predicate}
    `.execute(deps.db),
  ]);
  return {
    items: rows.rows.map(view),
    total: Number(total.rows[0]?.n ?? 0),
    offset: input.offset,
    limit: input.limit,
  };
}

export const BROWSE_CSV_COLUMNS = [
  'id',
  'external_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'locale',
  'joined_at',
  'points',
  'tier',
  'last_purchase_at',
];

/** Every member the list shows (same rule and order), as CSV (UTF-8 with BOM), in pages. */
export async function* browseCsvChunks(
  deps: SegmentDeps,
  programId: string,
  input: Omit<BrowseInput, 'offset' | 'limit'>,
  pageSize = 2000,
): AsyncGenerator<string> {
  const segment = await compiled(deps, programId, input.rule);
  yield '\ufeff' + csvLines([BROWSE_CSV_COLUMNS]);
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = await browseQuery(deps, segment, { ...input, offset, limit: pageSize }).execute(deps.db);
    if (rows.length === 0) return;
    yield csvLines(
      rows
        .map(view)
        .map((m) => [
          m.id,
          m.externalId ?? '',
          m.firstName ?? '',
          m.lastName ?? '',
          m.email ?? '',
          m.phone ?? '',
          m.locale ?? '',
          m.joinedAt.toISOString(),
          String(m.points),
          m.tierKey ?? '',
          m.lastPurchaseAt?.toISOString() ?? '',
        ]),
    );
    if (rows.length < pageSize) return;
  }
}
