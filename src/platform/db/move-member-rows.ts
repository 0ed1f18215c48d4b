// For modules' `memberData.merge` (platform/module.ts): moves a table's rows from the duplicate member to the
// one who stays. Where the survivor already has a row with the same unique key (`uniqueBy`, the other columns
// of the key; `onePerMember` when the member alone is the key), the survivor's is kept and the duplicate's is
// deleted — or left on the retired member with `keepConflicts` (history such as a campaign's message, which
// may not be sent twice). Nulls never clash, as in a unique index.
import { sql } from 'kysely';
import type { MemberMergeSubject } from '../module.ts';
import type { Db } from './database.ts';

export async function moveMemberRows(
  trx: Db,
  table: string,
  { programId, fromId, intoId }: MemberMergeSubject,
  options: {
    column?: string;
    uniqueBy?: readonly string[];
    onePerMember?: boolean;
    keepConflicts?: boolean;
  } = {},
): Promise<void> {
  const column = sql.ref(options.column ?? 'member_id');
  const uniqueBy = options.uniqueBy ?? [];
  const unique = uniqueBy.length > 0 || options.onePerMember === true;
  const sameKey = uniqueBy.map((c) => sql`and s.${sql.ref(c)} = t.${sql.ref(c)}`);
  const clash = unique
    ? sql`and not exists (select 1 from ${sql.table(table)} s where s.program_id = ${programId}
        and s.${column} = ${intoId} ${sameKey.length ? sql.join(sameKey, sql` `) : sql``})`
    : sql``;
  await sql`update ${sql.table(table)} t set ${column} = ${intoId}
    where t.program_id = ${programId} and t.${column} = ${fromId} ${clash}`.execute(trx);
  if (unique && !options.keepConflicts) {
    await sql`delete from ${sql.table(table)} where program_id = ${programId} and ${column} = ${fromId}`.execute(
      trx,
    );
  }
}
