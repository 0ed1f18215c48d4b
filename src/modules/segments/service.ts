// Saved segments: a name and a rule tree, checked on every save. Counting, listing and exporting run the
// compiled rule as one query; membership (who is in it now) is kept by refresh.ts.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { compileContext, compileSegmentRule, countMembers, segmentMembersQuery } from './evaluate.ts';
import type { SegmentFieldRegistry } from './fields/registry.ts';
import type { RuleNode } from './rules/types.ts';
import { checkRule } from './rules/validate.ts';

export interface Segment {
  id: string;
  name: string;
  description: string;
  rule: RuleNode;
  memberCount: number;
  refreshedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentInput {
  name: string;
  description?: string | undefined;
  rule: unknown;
}

export interface SegmentMember {
  id: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  joinedAt: Date;
}

export interface SegmentDeps {
  db: Db;
  clock: Clock;
  fields: SegmentFieldRegistry;
}

type SegmentRow = {
  id: string;
  name: string;
  description: string;
  rule: unknown;
  member_count: number;
  refreshed_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const segmentView = (r: SegmentRow): Segment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  rule: r.rule as RuleNode,
  memberCount: r.member_count,
  refreshedAt: r.refreshed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function cleanName(name: string): string {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) throw new AppError('invalid_name', 400, 'A segment needs a name', { field: 'name' });
  return clean;
}

async function assertNameFree(db: Db, programId: string, name: string, except?: string) {
  let q = db
    .selectFrom('segments')
    .select('id')
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`lower(name) = lower(${name})`);
  if (except) q = q.where('id', '<>', except);
  if (await q.executeTakeFirst())
    throw new AppError('segment_name_taken', 409, `A segment named "${name}" already exists`, { name });
}

async function checkSavedRule(deps: SegmentDeps, programId: string, rule: unknown): Promise<void> {
  checkRule(rule, deps.fields, await compileContext(deps.db, programId, deps.clock.now()));
}

export async function createSegment(
  deps: SegmentDeps,
  programId: string,
  input: SegmentInput,
): Promise<Segment> {
  const name = cleanName(input.name);
  await checkSavedRule(deps, programId, input.rule);
  await assertNameFree(deps.db, programId, name);
  const now = deps.clock.now();
  const row = await deps.db
    .insertInto('segments')
    .values({
      program_id: programId,
      name,
      description: input.description?.trim() ?? '',
      rule: JSON.stringify(input.rule),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return segmentView(row);
}

export async function getSegment(db: Db, programId: string, segmentId: string): Promise<Segment> {
  const row = await db
    .selectFrom('segments')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', segmentId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('segment', segmentId);
  return segmentView(row);
}

export async function listSegments(db: Db, programId: string): Promise<Segment[]> {
  const rows = await db
    .selectFrom('segments')
    .selectAll()
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  return rows.map(segmentView);
}

export async function updateSegment(
  deps: SegmentDeps,
  programId: string,
  segmentId: string,
  patch: Partial<SegmentInput>,
): Promise<Segment> {
  await getSegment(deps.db, programId, segmentId);
  const name = patch.name === undefined ? undefined : cleanName(patch.name);
  if (name) await assertNameFree(deps.db, programId, name, segmentId);
  if (patch.rule !== undefined) await checkSavedRule(deps, programId, patch.rule);
  const row = await deps.db
    .updateTable('segments')
    .set({
      ...(name ? { name } : {}),
      ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
      ...(patch.rule !== undefined ? { rule: JSON.stringify(patch.rule) } : {}),
      updated_at: deps.clock.now(),
    })
    .where('program_id', '=', programId)
    .where('id', '=', segmentId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return segmentView(row);
}

/** Deletion keeps the row (its events and size history stay readable) and drops the membership. */
export async function deleteSegment(deps: SegmentDeps, programId: string, segmentId: string): Promise<void> {
  await getSegment(deps.db, programId, segmentId);
  await deps.db.deleteFrom('segment_members').where('segment_id', '=', segmentId).execute();
  await deps.db
    .updateTable('segments')
    .set({ deleted_at: deps.clock.now() })
    .where('program_id', '=', programId)
    .where('id', '=', segmentId)
    .execute();
}

const memberColumns = [
  'm.id',
  'm.external_id',
  'm.first_name',
  'm.last_name',
  'm.email',
  'm.phone',
  'm.locale',
  'm.created_at',
] as const;

type MemberRow = {
  id: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  created_at: Date;
};

export const segmentMemberView = (r: MemberRow): SegmentMember => ({
  id: r.id,
  externalId: r.external_id,
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  locale: r.locale,
  joinedAt: r.created_at,
});

/** Count and a first sample of members for a rule being edited (nothing is saved). */
export async function previewRule(deps: SegmentDeps, programId: string, rule: unknown, sampleSize: number) {
  const segment = await compileSegmentRule(deps.db, deps.fields, programId, deps.clock.now(), rule);
  const [count, sample] = await Promise.all([
    countMembers(deps.db, segment),
    segmentMembersQuery(deps.db, segment)
      .select(memberColumns)
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(sampleSize)
      .execute(),
  ]);
  return { count, sample: sample.map(segmentMemberView) };
}

/** A page of the members a rule selects now, newest first. */
export async function listRuleMembers(
  deps: SegmentDeps,
  programId: string,
  rule: unknown,
  page: { limit: number; cursor?: string | undefined },
) {
  const segment = await compileSegmentRule(deps.db, deps.fields, programId, deps.clock.now(), rule);
  let q = segmentMembersQuery(deps.db, segment)
    .select(memberColumns)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(page.limit + 1);
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    if (!after) throw new AppError('invalid_cursor', 400, 'The cursor is not one this API gave out');
    q = q.where(sql<boolean>`(m.created_at, m.id) < (${new Date(after.createdAt)}, ${after.id})`);
  }
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map(segmentMemberView);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.joinedAt, last.id) : null,
  };
}
