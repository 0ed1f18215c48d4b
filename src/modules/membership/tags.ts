// Free-form member tags ("vip", "גלוטן"), per program.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';

// Short labels, compared exactly after trimming and Unicode normalisation (Hebrew has no case).
export function cleanTag(raw: string): string {
  const tag = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!tag || tag.length > 64 || [...tag].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new AppError('invalid_tag', 400, `"${raw}" is not a tag (1–64 printable characters)`, { tag: raw });
  }
  return tag;
}

export async function addMemberTags(
  db: Db,
  clock: Clock,
  programId: string,
  memberId: string,
  tags: readonly string[],
): Promise<string[]> {
  const clean = [...new Set(tags.map(cleanTag))];
  if (clean.length) {
    await db
      .insertInto('member_tags')
      .values(
        clean.map((tag) => ({ program_id: programId, member_id: memberId, tag, created_at: clock.now() })),
      )
      .onConflict((oc) => oc.columns(['program_id', 'member_id', 'tag']).doNothing())
      .execute();
  }
  return memberTags(db, programId, memberId);
}

export async function removeMemberTag(
  db: Db,
  programId: string,
  memberId: string,
  tag: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('member_tags')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('tag', '=', cleanTag(tag))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function memberTags(db: Db, programId: string, memberId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('member_tags')
    .select('tag')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('tag')
    .execute();
  return rows.map((r) => r.tag);
}

export async function tagCounts(db: Db, programId: string): Promise<{ tag: string; members: number }[]> {
  const rows = await db
    .selectFrom('member_tags')
    .select(['tag', sql<number>`count(*)::int`.as('members')])
    .where('program_id', '=', programId)
    .groupBy('tag')
    .orderBy('tag')
    .execute();
  return rows.map((r) => ({ tag: r.tag, members: Number(r.members) }));
}
