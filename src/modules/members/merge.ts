// Merging two profiles of one person. The member who stays (`intoId`) keeps its profile, with the fields it
// lacks taken from the duplicate; everything else every module holds about the duplicate (points, purchases,
// coupons, consents, lists, events…) moves to it through each module's `mergeMember`, all in one
// transaction; the duplicate is retired (deleted, its personal fields emptied, `merged_into` set). Repeating a
// merge that happened answers it again without changing anything.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { ModuleManifest } from '../../platform/module.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { memberView, type Member } from './member-reads.ts';
import type { MemberRow } from './queries.ts';
import { memberSearchText } from './search.ts';

export interface MergeOutcome {
  member: Member;
  mergedId: string;
  alreadyMerged: boolean;
}

/** The profile fields the survivor takes from the duplicate when it has none. */
const FILLED = [
  'external_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'birthday',
  'anniversary',
  'locale',
  'time_zone',
  'referred_by',
] as const;

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export async function mergeMembers(
  db: Db,
  clock: Clock,
  modules: readonly ModuleManifest[],
  actor: AuditActor,
  programId: string,
  input: { intoId: string; fromId: string },
): Promise<MergeOutcome> {
  const { intoId, fromId } = input;
  if (intoId === fromId) {
    throw new AppError('merge_same_member', 400, 'A member cannot be merged into itself', {
      field: 'duplicateId',
    });
  }
  return db.transaction().execute(async (trx) => {
    // Both rows locked, in id order (two merges of the same pair the other way round cannot deadlock). NO KEY
    // UPDATE, not UPDATE: a purchase holding its points account inserts rows whose foreign keys take KEY
    // SHARE on the member, and must finish rather than deadlock with the merge waiting for that account.
    const rows = await trx
      .selectFrom('members')
      .selectAll()
      .where('program_id', '=', programId)
      .where('id', 'in', [intoId, fromId])
      .orderBy('id')
      .forNoKeyUpdate()
      .execute();
    const into = rows.find((r) => r.id === intoId);
    const from = rows.find((r) => r.id === fromId);
    if (!into || into.deleted_at) throw notFound('member', intoId);
    if (from?.merged_into === intoId)
      return { member: memberView(into), mergedId: fromId, alreadyMerged: true };
    if (!from || from.deleted_at) {
      throw new AppError('member_not_found', 404, `Member "${fromId}" was not found`, {
        field: 'duplicateId',
        id: fromId,
      });
    }
    const now = clock.now();
    const before = { member: memberView(into), duplicate: memberView(from) };
    // Every module moves its rows first (loyalty locks both points accounts before it moves anything); the
    // member rows change last, once nothing else of the duplicate's can still be in flight.
    for (const module of modules) await module.mergeMember?.(trx, clock, { programId, fromId, intoId });
    // Retired first: its e-mail and external id are unique among active members and may move to the survivor.
    await trx
      .updateTable('members')
      .set({
        external_id: null,
        email: null,
        phone: null,
        first_name: null,
        last_name: null,
        birthday: null,
        anniversary: null,
        time_zone: null,
        attributes: '{}',
        search_text: '',
        status: 'deleted',
        deleted_at: now,
        merged_into: intoId,
        updated_at: now,
      })
      .where('program_id', '=', programId)
      .where('id', '=', fromId)
      .execute();
    const filled: Partial<Record<(typeof FILLED)[number], string>> = {};
    for (const column of FILLED) {
      const value = from[column];
      if (into[column] === null && value !== null && !(column === 'referred_by' && value === intoId))
        filled[column] = value;
    }
    const attributes = { ...from.attributes, ...into.attributes };
    const next: MemberRow = { ...into, ...filled, attributes };
    const row = await trx
      .updateTable('members')
      .set({
        ...filled,
        attributes: JSON.stringify(attributes),
        search_text: memberSearchText(next),
        updated_at: now,
      })
      .where('program_id', '=', programId)
      .where('id', '=', intoId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const member = memberView(row);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'member.merged',
      entityType: 'member',
      entityId: intoId,
      before,
      after: { member, mergedId: fromId },
    });
    const changed = [
      ...Object.keys(filled).map(camel),
      ...(Object.keys(from.attributes).some((k) => !(k in into.attributes)) ? ['attributes'] : []),
    ];
    await publishEvent(trx, clock, {
      type: 'member.updated',
      programId,
      memberId: intoId,
      payload: { changed },
    });
    await publishEvent(trx, clock, { type: 'member.deleted', programId, memberId: fromId, payload: {} });
    return { member, mergedId: fromId, alreadyMerged: false };
  });
}
