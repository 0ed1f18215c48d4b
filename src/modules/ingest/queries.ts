// SQL for stored events and anonymous-id links. No business rules here.
import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { EffectStatus, EventsTable } from './tables.ts';

export type EventRow = Selectable<EventsTable>;

/** Which of these message ids the program has stored already. */
export async function seenMessageIds(db: Db, programId: string, messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select('message_id')
    .where('program_id', '=', programId)
    .where('message_id', 'in', messageIds)
    .execute();
  return rows.map((r) => r.message_id);
}

/** False when an event with the same message id was stored first (a concurrent replay). */
export async function insertEventUnlessSeen(db: Db, values: Insertable<EventsTable>): Promise<boolean> {
  const row = await db
    .insertInto('events')
    .values(values)
    .onConflict((oc) => oc.columns(['program_id', 'message_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The active member an anonymous id was linked to by an earlier identify. */
export async function selectLinkedMember(db: Db, programId: string, anonymousId: string) {
  const row = await db
    .selectFrom('ingest_anonymous_ids as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .select('a.member_id')
    .where('a.program_id', '=', programId)
    .where('a.anonymous_id', '=', anonymousId)
    .where('m.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.member_id;
}

export async function upsertAnonymousLink(
  db: Db,
  link: { programId: string; anonymousId: string; memberId: string; at: Date },
): Promise<void> {
  await db
    .insertInto('ingest_anonymous_ids')
    .values({
      program_id: link.programId,
      anonymous_id: link.anonymousId,
      member_id: link.memberId,
      linked_at: link.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['program_id', 'anonymous_id'])
        .doUpdateSet({ member_id: link.memberId, linked_at: link.at }),
    )
    .execute();
}

/**
 * Gives the member the events stored before they were known: those sent with their user id, and those sent
 * only with the anonymous id. Returns how many were linked.
 */
export async function linkUnknownEvents(
  db: Db,
  programId: string,
  memberId: string,
  ids: { userId: string; anonymousId: string | null },
): Promise<number> {
  const result = await db
    .updateTable('events')
    .set({ member_id: memberId })
    .where('program_id', '=', programId)
    .where('member_id', 'is', null)
    .where((eb) =>
      eb.or([
        eb('user_id', '=', ids.userId),
        ...(ids.anonymousId
          ? [eb.and([eb('anonymous_id', '=', ids.anonymousId), eb('user_id', 'is', null)])]
          : []),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function selectAwaitingEvents(db: Db, programId: string, memberId: string, limit: number) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('effect_status', '=', 'awaiting_member')
    .orderBy('occurred_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function setEventEffect(
  db: Db,
  programId: string,
  id: number,
  status: EffectStatus,
  effect: Record<string, unknown> | null,
): Promise<void> {
  await db
    .updateTable('events')
    .set({ effect_status: status, effect: effect === null ? null : JSON.stringify(effect) })
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .execute();
}

export function selectMemberEventPage(
  db: Db,
  programId: string,
  memberId: string,
  options: {
    limit: number;
    after?: { occurredAt: Date; id: number } | undefined;
    type?: string | undefined;
    name?: string | undefined;
  },
) {
  let q = db
    .selectFrom('events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId);
  if (options.type) q = q.where('type', '=', options.type as EventRow['type']);
  if (options.name) q = q.where('name', '=', options.name);
  const after = options.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('occurred_at', '<', after.occurredAt),
        eb.and([eb('occurred_at', '=', after.occurredAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return q
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
}
