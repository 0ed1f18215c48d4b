// Lists ("Signups from the website", "VIP evenings"; free-form tags: tags.ts). A member can be in many lists;
// leaving a list keeps the row (status 'unsubscribed') so a re-import cannot silently re-add them.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';

export interface List {
  id: string;
  name: string;
  description: string | null;
  showInPreferences: boolean;
  subscribedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListInput {
  name: string;
  description?: string | null | undefined;
  showInPreferences?: boolean | undefined;
}

const listColumns = [
  'lists.id',
  'lists.name',
  'lists.description',
  'lists.show_in_preferences',
  'lists.created_at',
  'lists.updated_at',
] as const;

function selectLists(db: Db, programId: string) {
  return db
    .selectFrom('lists')
    .select(listColumns)
    .select((eb) =>
      eb
        .selectFrom('list_members')
        .whereRef('list_members.list_id', '=', 'lists.id')
        .where('list_members.status', '=', 'subscribed')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('subscribed_count'),
    )
    .where('lists.program_id', '=', programId)
    .where('lists.archived_at', 'is', null);
}

type ListRow = {
  id: string;
  name: string;
  description: string | null;
  show_in_preferences: boolean;
  created_at: Date;
  updated_at: Date;
  subscribed_count: number | null;
};

function listView(row: ListRow): List {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    showInPreferences: row.show_in_preferences,
    subscribedCount: Number(row.subscribed_count ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function cleanListName(name: string): string {
  const clean = name.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!clean) throw new AppError('invalid_list_name', 400, 'A list needs a name');
  return clean;
}

async function assertNameFree(db: Db, programId: string, name: string, exceptId?: string) {
  let q = db
    .selectFrom('lists')
    .select('id')
    .where('program_id', '=', programId)
    .where('name', '=', name)
    .where('archived_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const existing = await q.executeTakeFirst();
  if (existing) {
    throw new AppError('list_name_taken', 409, `A list named "${name}" already exists`, {
      existingId: existing.id,
    });
  }
}

export async function listLists(db: Db, programId: string): Promise<List[]> {
  const rows = await selectLists(db, programId).orderBy('lists.name').execute();
  return rows.map(listView);
}

export async function getList(db: Db, programId: string, listId: string): Promise<List> {
  const row = await selectLists(db, programId).where('lists.id', '=', listId).executeTakeFirst();
  if (!row) throw notFound('list', listId);
  return listView(row);
}

export async function createList(db: Db, clock: Clock, programId: string, input: ListInput): Promise<List> {
  const name = cleanListName(input.name);
  await assertNameFree(db, programId, name);
  const now = clock.now();
  const row = await db
    .insertInto('lists')
    .values({
      program_id: programId,
      name,
      description: input.description ?? null,
      ...(input.showInPreferences !== undefined ? { show_in_preferences: input.showInPreferences } : {}),
      created_at: now,
      updated_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return getList(db, programId, row.id);
}

export async function updateList(
  db: Db,
  clock: Clock,
  programId: string,
  listId: string,
  input: Partial<ListInput>,
): Promise<List> {
  await getList(db, programId, listId);
  const name = input.name !== undefined ? cleanListName(input.name) : undefined;
  if (name) await assertNameFree(db, programId, name, listId);
  await db
    .updateTable('lists')
    .set({
      ...(name ? { name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.showInPreferences !== undefined ? { show_in_preferences: input.showInPreferences } : {}),
      updated_at: clock.now(),
    })
    .where('program_id', '=', programId)
    .where('id', '=', listId)
    .execute();
  return getList(db, programId, listId);
}

/** Archives a list: it disappears from forms and the preference centre; memberships are kept. */
export async function archiveList(db: Db, clock: Clock, programId: string, listId: string): Promise<void> {
  await getList(db, programId, listId);
  await db
    .updateTable('lists')
    .set({ archived_at: clock.now(), updated_at: clock.now() })
    .where('program_id', '=', programId)
    .where('id', '=', listId)
    .execute();
}

/** Throws list_not_found naming the first id that is not an active list of the program. */
export async function assertListsExist(db: Db, programId: string, listIds: readonly string[]): Promise<void> {
  if (listIds.length === 0) return;
  const found = await db
    .selectFrom('lists')
    .select('id')
    .where('program_id', '=', programId)
    .where('id', 'in', [...listIds])
    .where('archived_at', 'is', null)
    .execute();
  const known = new Set(found.map((r) => r.id));
  const missing = listIds.find((id) => !known.has(id));
  if (missing) throw notFound('list', missing);
}

/** Subscribes the member to each list; returns the ids of lists they were not subscribed to before. */
export async function subscribeToLists(
  db: Db,
  clock: Clock,
  input: {
    programId: string;
    memberId: string;
    listIds: readonly string[];
    source: string;
    sourceRef?: string | null;
  },
): Promise<string[]> {
  const added: string[] = [];
  for (const listId of input.listIds) {
    const now = clock.now();
    const row = await db
      .insertInto('list_members')
      .values({
        program_id: input.programId,
        list_id: listId,
        member_id: input.memberId,
        status: 'subscribed',
        source: input.source,
        source_ref: input.sourceRef ?? null,
        subscribed_at: now,
        unsubscribed_at: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['list_id', 'member_id'])
          .doUpdateSet({
            status: 'subscribed',
            source: input.source,
            source_ref: input.sourceRef ?? null,
            subscribed_at: now,
            unsubscribed_at: null,
          })
          .where('list_members.status', '=', 'unsubscribed'),
      )
      .returning('list_id')
      .executeTakeFirst();
    if (row) added.push(listId);
  }
  return added;
}

/**
 * Adds many members to lists at once (bulk sources such as imports). Existing rows are left alone: a member
 * who left a list stays out (only their own action brings them back), and replaying the same input adds
 * nothing. Returns how many memberships were (or, with `dryRun`, would be) added and how many existed.
 */
export async function addMembersToLists(
  db: Db,
  clock: Clock,
  input: {
    programId: string;
    entries: readonly { memberId: string; listIds: readonly string[] }[];
    source: string;
    sourceRef?: string | null;
    dryRun?: boolean;
  },
): Promise<{ added: number; existing: number }> {
  const pairs = new Map<string, { list_id: string; member_id: string }>();
  for (const e of input.entries) {
    for (const listId of e.listIds) {
      pairs.set(`${listId}:${e.memberId}`, { list_id: listId, member_id: e.memberId });
    }
  }
  if (pairs.size === 0) return { added: 0, existing: 0 };
  const rows = [...pairs.values()];
  if (input.dryRun) {
    const found = await db
      .selectFrom('list_members')
      .select(['list_id', 'member_id'])
      .where('program_id', '=', input.programId)
      .where('member_id', 'in', [...new Set(rows.map((r) => r.member_id))])
      .execute();
    const existing = found.filter((r) => pairs.has(`${r.list_id}:${r.member_id}`)).length;
    return { added: rows.length - existing, existing };
  }
  const now = clock.now();
  let added = 0;
  // 7 parameters a row: chunks stay far below PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < rows.length; i += 4000) {
    const inserted = await db
      .insertInto('list_members')
      .values(
        rows.slice(i, i + 4000).map((r) => ({
          ...r,
          program_id: input.programId,
          status: 'subscribed' as const,
          source: input.source,
          source_ref: input.sourceRef ?? null,
          subscribed_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['list_id', 'member_id']).doNothing())
      .returning('member_id')
      .execute();
    added += inserted.length;
  }
  return { added, existing: rows.length - added };
}

/** The program's active lists, by id and by name (as cleaned for storage), for resolving names in bulk. */
export async function listDirectory(db: Db, programId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('lists')
    .select(['id', 'name'])
    .where('program_id', '=', programId)
    .where('archived_at', 'is', null)
    .execute();
  const byKey = new Map<string, string>();
  for (const r of rows) byKey.set(r.id, r.id);
  for (const r of rows) byKey.set(listNameKey(r.name), r.id);
  return byKey;
}

/** How a list name is compared: cleaned like stored names, case-folded for Latin script. */
export function listNameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

export async function unsubscribeFromLists(
  db: Db,
  clock: Clock,
  input: { programId: string; memberId: string; listIds?: readonly string[] | undefined },
): Promise<number> {
  let q = db
    .updateTable('list_members')
    .set({ status: 'unsubscribed', unsubscribed_at: clock.now() })
    .where('program_id', '=', input.programId)
    .where('member_id', '=', input.memberId)
    .where('status', '=', 'subscribed');
  if (input.listIds) {
    if (input.listIds.length === 0) return 0;
    q = q.where('list_id', 'in', [...input.listIds]);
  }
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface MemberListEntry {
  listId: string;
  name: string;
  status: 'subscribed' | 'unsubscribed';
  source: string;
  subscribedAt: Date;
  unsubscribedAt: Date | null;
  showInPreferences: boolean;
}

export async function memberLists(db: Db, programId: string, memberId: string): Promise<MemberListEntry[]> {
  const rows = await db
    .selectFrom('list_members')
    .innerJoin('lists', 'lists.id', 'list_members.list_id')
    .select([
      'list_members.list_id',
      'lists.name',
      'lists.show_in_preferences',
      'list_members.status',
      'list_members.source',
      'list_members.subscribed_at',
      'list_members.unsubscribed_at',
    ])
    .where('list_members.program_id', '=', programId)
    .where('list_members.member_id', '=', memberId)
    .where('lists.archived_at', 'is', null)
    .orderBy('lists.name')
    .execute();
  return rows.map((r) => ({
    listId: r.list_id,
    name: r.name,
    status: r.status,
    source: r.source,
    subscribedAt: r.subscribed_at,
    unsubscribedAt: r.unsubscribed_at,
    showInPreferences: r.show_in_preferences,
  }));
}

export async function listSubscribers(
  db: Db,
  programId: string,
  listId: string,
  input: {
    status?: 'subscribed' | 'unsubscribed' | undefined;
    limit: number;
    afterMemberId?: string | undefined;
  },
) {
  await getList(db, programId, listId);
  let q = db
    .selectFrom('list_members')
    .select(['member_id', 'status', 'source', 'subscribed_at', 'unsubscribed_at'])
    .where('program_id', '=', programId)
    .where('list_id', '=', listId)
    .orderBy('member_id')
    .limit(input.limit + 1);
  if (input.status) q = q.where('status', '=', input.status);
  if (input.afterMemberId) q = q.where('member_id', '>', input.afterMemberId);
  const rows = await q.execute();
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      memberId: r.member_id,
      status: r.status,
      source: r.source,
      subscribedAt: r.subscribed_at,
      unsubscribedAt: r.unsubscribed_at,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.member_id ?? null) : null,
  };
}
