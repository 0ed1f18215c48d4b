import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';

export interface Member {
  id: string;
  programId: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  birthday: string | null;
  anniversary: string | null;
  locale: string | null;
  timeZone: string | null;
  attributes: Record<string, unknown>;
  status: string;
  source: string;
  referredBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type MemberRow = {
  id: string;
  program_id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  birthday: string | null;
  anniversary: string | null;
  locale: string | null;
  time_zone: string | null;
  attributes: Record<string, unknown>;
  status: string;
  source: string;
  referred_by: string | null;
  created_at: Date;
  updated_at: Date;
};

export function memberView(row: MemberRow): Member {
  return {
    id: row.id,
    programId: row.program_id,
    externalId: row.external_id,
    email: row.email,
    phone: row.phone,
    firstName: row.first_name,
    lastName: row.last_name,
    birthday: row.birthday,
    anniversary: row.anniversary,
    locale: row.locale,
    timeZone: row.time_zone,
    attributes: row.attributes,
    status: row.status,
    source: row.source,
    referredBy: row.referred_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An active (not deleted) member of the program, or member_not_found. */
export async function getMember(db: Db, programId: string, memberId: string): Promise<Member> {
  const row = await db
    .selectFrom('members')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', memberId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('member', memberId);
  return memberView(row);
}
