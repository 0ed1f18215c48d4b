// Creating and updating many members at once, for CSV import: one lookup, one insert and one update
// statement per batch instead of several queries per member. Rows arrive already normalised (normaliseImportRow),
// so the same rules as the API apply. Matching follows upsertMemberByIdentity: external id, then e-mail, then
// phone (for rows with neither). Only fields present in a row are written; a row equal to the stored member is
// 'unchanged', which is what makes re-running an import a no-op. The caller audits the batch as a whole.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvents } from '../../platform/events/index.ts';
import {
  normaliseMemberInput,
  requireIdentity,
  type MemberColumns,
  type MemberInput,
  type ProgramRules,
} from './member-input.ts';
import { memberSearchText } from './search.ts';

export type { MemberColumns, ProgramRules } from './member-input.ts';

export type BulkOutcome =
  | { outcome: 'created' | 'updated' | 'unchanged'; memberId: string }
  | { outcome: 'rejected'; code: string; message: string };

/** Validates one imported row with the API's rules. Throws AppError (invalid_email, invalid_phone, …). */
export function normaliseImportRow(input: MemberInput, rules: ProgramRules): MemberColumns {
  // `{}` as current attributes: an import row may fill some attributes and leave required ones to others.
  const columns = normaliseMemberInput({ ...input, referredBy: undefined }, rules, {});
  requireIdentity({
    external_id: columns.external_id ?? null,
    email: columns.email ?? null,
    phone: columns.phone ?? null,
  });
  return columns;
}

const FIELDS = [
  'external_id',
  'email',
  'phone',
  'first_name',
  'last_name',
  'birthday',
  'anniversary',
  'locale',
  'time_zone',
] as const;

interface StoredMember {
  id: string;
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
}

type MemberValues = Omit<StoredMember, 'id'>;

const RECORD_COLUMNS = sql.raw(`id uuid, external_id text, email text, phone text, first_name text,
  last_name text, birthday date, anniversary date, locale text, time_zone text, attributes jsonb, search_text text`);

function reject(code: string, message: string): BulkOutcome {
  return { outcome: 'rejected', code, message };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Which stored member a row is about, or why it cannot be matched safely. */
function match(
  row: MemberColumns,
  byExternalId: Map<string, StoredMember>,
  byEmail: Map<string, StoredMember>,
  byPhone: Map<string, StoredMember[]>,
): StoredMember | BulkOutcome | undefined {
  if (row.external_id) {
    const found = byExternalId.get(row.external_id);
    if (found) return found;
  }
  if (row.email) {
    const found = byEmail.get(row.email);
    if (found && row.external_id && found.external_id && found.external_id !== row.external_id) {
      return reject(
        'member_identity_conflict',
        `The member with e-mail ${row.email} has external id "${found.external_id}", not "${row.external_id}"`,
      );
    }
    return found;
  }
  if (row.phone && !row.external_id) {
    const holders = byPhone.get(row.phone) ?? [];
    // A family may share a phone; a phone-only row belongs to the one holder known only by that phone.
    const candidates = holders.length > 1 ? holders.filter((m) => !m.email && !m.external_id) : holders;
    if (candidates.length > 1) {
      return reject(
        'member_ambiguous',
        `Several members share phone ${row.phone}; add an e-mail or external id`,
      );
    }
    return candidates[0];
  }
  return undefined;
}

function merged(current: MemberValues, row: MemberColumns): { next: MemberValues; changed: boolean } {
  const next: MemberValues = { ...current, attributes: { ...current.attributes } };
  let changed = false;
  for (const field of FIELDS) {
    const value = row[field];
    if (value === undefined || value === current[field]) continue;
    next[field] = value;
    changed = true;
  }
  for (const [name, value] of Object.entries(row.attributes ?? {})) {
    if (JSON.stringify(current.attributes[name]) === JSON.stringify(value)) continue;
    next.attributes[name] = value;
    changed = true;
  }
  return { next, changed };
}

/**
 * A UUID version 7 (RFC 9562): the creation time in milliseconds, then random bits. Members created in bulk
 * get ids in creation order, so their primary-key entries are appended at the end of the index instead of
 * landing on random pages of it (which, past the buffer cache, costs a page read and a full-page WAL image
 * per row).
 */
export function timeOrderedUuid(at: Date): string {
  const time = at.getTime().toString(16).padStart(12, '0');
  // randomUUID (pooled randomness, variant bits set) gives the random part: "xxxxxxxx-xxxx-4" is replaced.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${crypto.randomUUID().slice(15)}`;
}

/**
 * Refreshes the planner's statistics on members. Call after adding many members (an import does, each time it
 * has doubled what it added): until autovacuum catches up, the planner takes a growing program for a small one.
 */
export async function refreshMemberStatistics(db: Db): Promise<void> {
  await sql`analyze members`.execute(db);
}

/** The fields (camelCase, as the API names them) whose values differ between a stored member and its update. */
function changedColumns(before: MemberValues, after: MemberValues): string[] {
  return (Object.keys(after) as (keyof MemberValues)[])
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));
}

/**
 * Applies a batch of normalised rows inside the caller's transaction (`trx`); the rows must not repeat an
 * identity (the importer rejects in-file duplicates first). With `dryRun` nothing is written and the outcomes
 * say what would happen.
 */
export async function applyMemberBatch(
  trx: Db,
  clock: Clock,
  programId: string,
  rows: MemberColumns[],
  options: { source: string; dryRun: boolean },
): Promise<BulkOutcome[]> {
  const externalIds = rows.flatMap((r) => (r.external_id ? [r.external_id] : []));
  const emails = rows.flatMap((r) => (r.email ? [r.email] : []));
  const phones = rows.flatMap((r) => (r.phone && !r.external_id && !r.email ? [r.phone] : []));
  const found = new Map<string, StoredMember>();
  // One statement per identity, each answered by its own index. A single statement with an OR of the three
  // let the planner filter all of the program's members instead whenever statistics lagged behind (as they
  // do while an import grows the table): every batch then read the whole program, and the rate decayed.
  for (const [column, values] of [
    ['external_id', externalIds],
    ['email', emails],
    ['phone', phones],
  ] as const) {
    if (values.length === 0) continue;
    const { rows: matches } = await sql<StoredMember>`
      select id, external_id, email, phone, first_name, last_name, birthday, anniversary, locale, time_zone,
             attributes
      from members
      where program_id = ${programId} and deleted_at is null and ${sql.ref(column)} = any(${values}::text[])
      ${options.dryRun ? sql`` : sql`for update`}`.execute(trx);
    for (const m of matches) found.set(m.id, m);
  }
  const byExternalId = new Map<string, StoredMember>();
  const byEmail = new Map<string, StoredMember>();
  const byPhone = new Map<string, StoredMember[]>();
  for (const m of found.values()) {
    if (m.external_id) byExternalId.set(m.external_id, m);
    if (m.email) byEmail.set(m.email, m);
    if (m.phone) pushTo(byPhone, m.phone, m);
  }

  const now = clock.now();
  const changedFields = new Map<string, string[]>();
  const inserts: (MemberValues & { id: string })[] = [];
  const updates: (MemberValues & { id: string })[] = [];
  const outcomes = rows.map((row): BulkOutcome => {
    const target = match(row, byExternalId, byEmail, byPhone);
    if (target && 'outcome' in target) return target;
    const emailHolder = row.email ? byEmail.get(row.email) : undefined;
    if (emailHolder && target && emailHolder.id !== target.id) {
      return reject('member_exists', `E-mail ${row.email} belongs to another member`);
    }
    if (!target) {
      const id = timeOrderedUuid(now);
      const empty: MemberValues = {
        external_id: null,
        email: null,
        phone: null,
        first_name: null,
        last_name: null,
        birthday: null,
        anniversary: null,
        locale: null,
        time_zone: null,
        attributes: {},
      };
      inserts.push({ ...merged(empty, row).next, id });
      return { outcome: 'created', memberId: id };
    }
    const { next, changed } = merged(target, row);
    if (!changed) return { outcome: 'unchanged', memberId: target.id };
    updates.push({ ...next, id: target.id });
    changedFields.set(target.id, changedColumns(target, next));
    return { outcome: 'updated', memberId: target.id };
  });
  if (options.dryRun) return outcomes;

  const records = (list: (MemberValues & { id: string })[]) =>
    JSON.stringify(list.map((m) => ({ ...m, search_text: memberSearchText(m) })));
  if (inserts.length) {
    await sql`
      insert into members (id, program_id, external_id, email, phone, first_name, last_name, birthday,
        anniversary, locale, time_zone, attributes, search_text, source, created_at, updated_at)
      select v.id, ${programId}, v.external_id, v.email, v.phone, v.first_name, v.last_name, v.birthday,
        v.anniversary, v.locale, v.time_zone, v.attributes, v.search_text, ${options.source}, ${now}, ${now}
      from jsonb_to_recordset(${records(inserts)}::jsonb) as v(${RECORD_COLUMNS})`.execute(trx);
  }
  if (updates.length) {
    await sql`
      update members m set external_id = v.external_id, email = v.email, phone = v.phone,
        first_name = v.first_name, last_name = v.last_name, birthday = v.birthday, anniversary = v.anniversary,
        locale = v.locale, time_zone = v.time_zone, attributes = v.attributes, search_text = v.search_text,
        updated_at = ${now}
      from jsonb_to_recordset(${records(updates)}::jsonb) as v(${RECORD_COLUMNS})
      where m.id = v.id and m.program_id = ${programId}`.execute(trx);
  }
  await publishEvents(trx, clock, [
    ...inserts.map((m) => ({
      type: 'member.created' as const,
      programId,
      memberId: m.id,
      payload: { source: options.source },
    })),
    ...updates.map((m) => ({
      type: 'member.updated' as const,
      programId,
      memberId: m.id,
      payload: { changed: changedFields.get(m.id) ?? [] },
    })),
  ]);
  return outcomes;
}
