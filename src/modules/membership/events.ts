// Domain events about members (member.joined, …), stored in member_events so that journeys and webhooks can
// consume them in order (by id) without a second system. Written in the same transaction as the change.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';

export type MemberEventType = 'member.joined' | 'member.unsubscribed' | (string & {});

export async function recordMemberEvent(
  db: Db,
  clock: Clock,
  event: { programId: string; memberId: string; type: MemberEventType; payload?: Record<string, unknown> },
): Promise<number> {
  const row = await db
    .insertInto('member_events')
    .values({
      program_id: event.programId,
      member_id: event.memberId,
      type: event.type,
      payload: JSON.stringify(event.payload ?? {}),
      occurred_at: clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Events after `afterId`, oldest first — a consumer keeps the last id it handled. */
export async function listMemberEvents(
  db: Db,
  programId: string,
  input: {
    type?: string | undefined;
    memberId?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
) {
  let q = db
    .selectFrom('member_events')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('id')
    .limit(input.limit);
  if (input.type) q = q.where('type', '=', input.type);
  if (input.memberId) q = q.where('member_id', '=', input.memberId);
  if (input.afterId !== undefined) q = q.where('id', '>', input.afterId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: Number(r.id),
    memberId: r.member_id,
    type: r.type,
    payload: r.payload,
    occurredAt: r.occurred_at,
  }));
}
