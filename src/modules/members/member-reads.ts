// Reading members: the Member view of a row, one member, a batch by id, a page of the list (search), and a
// lookup by identity. Writes are in service.ts.
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { getProgram } from '../programs/index.ts';
import { cleanExternalId, normaliseEmail, normalisePhone } from './contact.ts';
import {
  selectActiveBy,
  selectActiveMember,
  selectActiveMembers,
  selectMemberPage,
  type MemberRow,
} from './queries.ts';
import { planSearch } from './search.ts';
import type { MemberStatus } from './tables.ts';

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
  status: MemberStatus;
  source: string;
  referredBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberIdentity {
  externalId?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}

export function memberView(row: Omit<MemberRow, 'search_text' | 'deleted_at'>): Member {
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
  const row = await selectActiveMember(db, programId, memberId);
  if (!row) throw notFound('member', memberId);
  return memberView(row);
}

/** The active members among `memberIds`, by id; missing or deleted ones are absent. */
export async function membersByIds(
  db: Db,
  programId: string,
  memberIds: string[],
): Promise<Map<string, Member>> {
  if (memberIds.length === 0) return new Map();
  const rows = await selectActiveMembers(db, programId, memberIds);
  return new Map(rows.map((row) => [row.id, memberView(row)]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listMembers(
  db: Db,
  programId: string,
  input: { limit: number; cursor?: string | undefined; q?: string | undefined },
): Promise<{ items: Member[]; nextCursor: string | null }> {
  let after: { createdAt: Date; id: string } | undefined;
  if (input.cursor !== undefined) {
    const decoded = decodeCursor(input.cursor);
    if (!decoded || !UUID.test(decoded.id)) {
      throw new AppError('invalid_cursor', 400, 'The cursor is not one this API returned');
    }
    after = { createdAt: new Date(decoded.createdAt), id: decoded.id };
  }
  const q = input.q?.trim();
  const rows = await selectMemberPage(db, programId, {
    limit: input.limit,
    after,
    search: q ? planSearch(q) : undefined,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(memberView),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * The active member known by the first identity given, in order of strength: external id, e-mail, phone.
 * Several members may share a phone (a family); then the phone alone is ambiguous (409 member_ambiguous).
 */
export async function findMemberByIdentity(
  db: Db,
  programId: string,
  identity: MemberIdentity,
): Promise<Member | undefined> {
  if (identity.externalId) {
    const [row] = await selectActiveBy(db, programId, 'external_id', cleanExternalId(identity.externalId));
    return row && memberView(row);
  }
  if (identity.email) {
    const [row] = await selectActiveBy(db, programId, 'email', normaliseEmail(identity.email));
    return row && memberView(row);
  }
  if (identity.phone) {
    const program = await getProgram(db, programId);
    const rows = await selectActiveBy(
      db,
      programId,
      'phone',
      normalisePhone(identity.phone, program.defaultRegion),
    );
    if (rows.length > 1) {
      throw new AppError(
        'member_ambiguous',
        409,
        'Several members share this phone number; use e-mail or external id',
        {
          memberIds: rows.map((r) => r.id),
        },
      );
    }
    return rows[0] && memberView(rows[0]);
  }
  return undefined;
}
