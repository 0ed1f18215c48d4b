// SQL for the members table. Every query filters by program_id (the future sharding key); "active" means
// not soft-deleted.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { likeContains, type SearchPlan } from './search.ts';
import type { MembersTable } from './tables.ts';

export type MemberRow = Selectable<MembersTable>;

export function selectActiveMember(db: Db, programId: string, memberId: string, forUpdate = false) {
  let query = db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', memberId)
    .where('deleted_at', 'is', null);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Active members among `memberIds` (in no particular order). */
export function selectActiveMembers(db: Db, programId: string, memberIds: string[]) {
  return db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', 'in', memberIds)
    .where('deleted_at', 'is', null)
    .execute();
}

/** Active members holding this external id or e-mail (the two unique identities), except `exceptId`. */
export function selectIdentityHolders(
  db: Db,
  programId: string,
  identity: { external_id?: string | null | undefined; email?: string | null | undefined },
  exceptId?: string,
) {
  const { external_id: externalId, email } = identity;
  return db
    .selectFrom('members')
    .select(['id', 'external_id', 'email'])
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(externalId ? [eb('external_id', '=', externalId)] : []),
        ...(email ? [eb('email', '=', email)] : []),
      ]),
    )
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .orderBy('created_at')
    .limit(2)
    .execute();
}

export function selectActiveBy(
  db: Db,
  programId: string,
  column: 'external_id' | 'email' | 'phone',
  value: string,
) {
  return db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .where(column, '=', value)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

/**
 * Inserts unless an active member already holds the external id or e-mail; the partial unique indexes decide,
 * so a concurrent insert of the same identity yields undefined here instead of aborting the transaction.
 */
export function insertMemberUnlessExists(db: Db, values: Insertable<MembersTable>) {
  return db
    .insertInto('members')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function updateMemberRow(db: Db, programId: string, memberId: string, set: Updateable<MembersTable>) {
  return db
    .updateTable('members')
    .set(set)
    .where('program_id', '=', programId)
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One page, newest first, keyset over (created_at desc, id desc); fetches one extra row to know if more exist. */
export function selectMemberPage(
  db: Db,
  programId: string,
  input: {
    limit: number;
    after?: { createdAt: Date; id: string } | undefined;
    search?: SearchPlan | undefined;
  },
) {
  const { after, search } = input;
  return db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after!.createdAt, after!.id))),
    )
    .$if(search !== undefined, (q) =>
      q.where((eb) => {
        const s = search!;
        const alternatives = [eb('external_id', '=', s.exact)];
        if (s.tokens.length > 0) {
          alternatives.push(eb.and(s.tokens.map((token) => eb('search_text', 'like', likeContains(token)))));
        }
        if (s.phoneDigits) alternatives.push(eb('phone', 'like', likeContains(s.phoneDigits)));
        return eb.or(alternatives);
      }),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
}
