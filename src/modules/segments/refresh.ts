// Segment membership by scheduled refresh: the rule runs as one query, and the difference with the stored
// membership becomes segment.entered / segment.left events, written in the same transaction to the event bus's
// outbox (for journeys, webhooks, campaigns) and to the segment's own history (segment_events, the API's list). The size is
// recorded per local day for the trend chart. Lag: at most REFRESH_SECONDS plus the refresh's own run time.
import { sql } from 'kysely';
import { csvLines } from '../../platform/csv.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { compileSegmentRule, segmentMembersQuery } from './evaluate.ts';
import type { SegmentDeps } from './service.ts';

export const REFRESH_SECONDS = 900;

export interface RefreshResult {
  segmentId: string;
  members: number;
  entered: number;
  left: number;
}

export async function refreshSegment(
  deps: SegmentDeps,
  programId: string,
  segmentId: string,
): Promise<RefreshResult> {
  return deps.db.transaction().execute(async (trx) => {
    // One refresh of a segment at a time: a second one waits and then sees the first's membership.
    const segment = await trx
      .selectFrom('segments')
      .select(['id', 'rule'])
      .where('program_id', '=', programId)
      .where('id', '=', segmentId)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!segment) throw notFound('segment', segmentId);
    const now = deps.clock.now();
    const compiled = await compileSegmentRule(trx, deps.fields, programId, now, segment.rule);
    const current = segmentMembersQuery(trx, compiled).select('m.id');
    const [pid, sid, at] = [
      sql`cast(${programId} as uuid)`,
      sql`cast(${segmentId} as uuid)`,
      sql`cast(${now} as timestamptz)`,
    ];
    const result = await sql<{ entered: number; left: number; members: number }>`
      with matching as (${current}),
      entered as (
        insert into segment_members (program_id, segment_id, member_id, entered_at)
        select ${pid}, ${sid}, c.id, ${at} from matching c
        where not exists (select 1 from segment_members sm where sm.segment_id = ${segmentId} and sm.member_id = c.id)
        returning member_id
      ),
      gone as (
        delete from segment_members sm
        where sm.segment_id = ${segmentId} and not exists (select 1 from matching c where c.id = sm.member_id)
        returning member_id
      ),
      events as (
        insert into segment_events (program_id, segment_id, member_id, type, occurred_at)
        select ${pid}, ${sid}, member_id, 'segment.entered', ${at} from entered
        union all
        select ${pid}, ${sid}, member_id, 'segment.left', ${at} from gone
      ),
      bus as (
        insert into event_outbox (program_id, type, member_id, payload, occurred_at)
        select ${pid}, 'segment.entered', member_id, jsonb_build_object('segmentId', ${sid}), ${at} from entered
        union all
        select ${pid}, 'segment.left', member_id, jsonb_build_object('segmentId', ${sid}), ${at} from gone
      )
      select (select count(*) from entered) as entered, (select count(*) from gone) as left,
        (select count(*) from matching) as members
    `.execute(trx);
    const counts = result.rows[0]!;
    const members = Number(counts.members);
    await trx
      .updateTable('segments')
      .set({ member_count: members, refreshed_at: now })
      .where('id', '=', segmentId)
      .execute();
    await sql`
      insert into segment_sizes (program_id, segment_id, day, members, measured_at)
      select p.id, cast(${segmentId} as uuid), cast(cast(${now} as timestamptz) at time zone p.time_zone as date),
        cast(${members} as integer), cast(${now} as timestamptz)
      from programs p where p.id = ${programId}
      on conflict (segment_id, day) do update set members = excluded.members, measured_at = excluded.measured_at
    `.execute(trx);
    return { segmentId, members, entered: Number(counts.entered), left: Number(counts.left) };
  });
}

/** Refreshes every saved segment of every program (the scheduled job). */
export async function refreshAllSegments(deps: SegmentDeps): Promise<RefreshResult[]> {
  const segments = await deps.db
    .selectFrom('segments')
    .select(['id', 'program_id'])
    .where('deleted_at', 'is', null)
    .orderBy('program_id')
    .orderBy('id')
    .execute();
  const results: RefreshResult[] = [];
  for (const s of segments) results.push(await refreshSegment(deps, s.program_id, s.id));
  return results;
}

export interface SegmentEvent {
  id: number;
  segmentId: string;
  memberId: string;
  type: 'segment.entered' | 'segment.left';
  occurredAt: Date;
}

/** A segment's entered/left history in id order (the same changes are on the event bus). */
export async function listSegmentEvents(
  db: Db,
  programId: string,
  options: { segmentId?: string | undefined; afterId?: number | undefined; limit: number },
): Promise<SegmentEvent[]> {
  let q = db
    .selectFrom('segment_events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '>', options.afterId ?? 0)
    .orderBy('id')
    .limit(options.limit);
  if (options.segmentId) q = q.where('segment_id', '=', options.segmentId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    segmentId: r.segment_id,
    memberId: r.member_id,
    type: r.type,
    occurredAt: r.occurred_at,
  }));
}

/** The daily size snapshots between two local days (inclusive). */
export async function segmentSizes(db: Db, programId: string, segmentId: string, from: string, to: string) {
  const rows = await db
    .selectFrom('segment_sizes')
    .select(['day', 'members'])
    .where('program_id', '=', programId)
    .where('segment_id', '=', segmentId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return rows;
}

export const EXPORT_COLUMNS = [
  'id',
  'external_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'locale',
  'joined_at',
];

/** The segment's members as CSV (UTF-8 with BOM), refreshed first, streamed in pages from the membership. */
export async function* segmentCsvChunks(
  deps: SegmentDeps,
  programId: string,
  segmentId: string,
  pageSize = 2000,
): AsyncGenerator<string> {
  await refreshSegment(deps, programId, segmentId);
  yield '\ufeff' + csvLines([EXPORT_COLUMNS]);
  let after: string | undefined;
  for (;;) {
    let q = deps.db
      .selectFrom('segment_members as sm')
      .innerJoin('members as m', 'm.id', 'sm.member_id')
      .select([
        'm.id',
        'm.external_id',
        'm.first_name',
        'm.last_name',
        'm.email',
        'm.phone',
        'm.locale',
        'm.created_at',
      ])
      .where('sm.segment_id', '=', segmentId)
      .where('m.program_id', '=', programId)
      .orderBy('sm.member_id')
      .limit(pageSize);
    if (after) q = q.where('sm.member_id', '>', after);
    const rows = await q.execute();
    if (rows.length === 0) return;
    yield csvLines(
      rows.map((r) => [
        r.id,
        r.external_id ?? '',
        r.first_name ?? '',
        r.last_name ?? '',
        r.email ?? '',
        r.phone ?? '',
        r.locale ?? '',
        r.created_at.toISOString(),
      ]),
    );
    after = rows.at(-1)!.id;
    if (rows.length < pageSize) return;
  }
}
