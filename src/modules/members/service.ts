// The members service: creating, updating, deleting and upserting members — the module's face for routes and
// for other modules (identify, CSV import, POS). Reads: member-reads.ts.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { getProgram } from '../programs/index.ts';
import { attributeSchemaOf } from './attributes.ts';
import { cleanExternalId } from './contact.ts';
import {
  normaliseMemberInput,
  requireIdentity,
  type MemberColumns,
  type MemberInput,
  type ProgramRules,
} from './member-input.ts';
import { findMemberByIdentity, memberView, type Member } from './member-reads.ts';
import {
  insertMemberUnlessExists,
  selectActiveMember,
  selectIdentityHolders,
  updateMemberRow,
} from './queries.ts';
import { memberSearchText } from './search.ts';

export type { MemberInput } from './member-input.ts';

/** Runs `fn` in the caller's transaction if there is one, else in a new one. */
function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export async function programRules(db: Db, clock: Clock, programId: string): Promise<ProgramRules> {
  const program = await getProgram(db, programId);
  return {
    region: program.defaultRegion,
    attributeSchema: attributeSchemaOf(program.memberAttributeSchema),
    today: todayIn(program.timeZone, clock.now()),
  };
}

function memberExists(
  existing: { id: string; external_id: string | null; email: string | null },
  columns: MemberColumns,
) {
  const field = columns.external_id && existing.external_id === columns.external_id ? 'externalId' : 'email';
  const value = field === 'externalId' ? existing.external_id : existing.email;
  return new AppError('member_exists', 409, `A member with ${field} "${value}" already exists`, {
    existingId: existing.id,
    field,
  });
}

/** Throws member_exists when another active member holds the external id or e-mail being set. */
async function assertIdentityFree(db: Db, programId: string, columns: MemberColumns, exceptId?: string) {
  if (!columns.external_id && !columns.email) return;
  const [holder] = await selectIdentityHolders(db, programId, columns, exceptId);
  if (holder) throw memberExists(holder, columns);
}

async function assertReferrer(
  db: Db,
  programId: string,
  referredBy: string | null | undefined,
  selfId?: string,
) {
  if (!referredBy) return;
  if (referredBy === selfId || !(await selectActiveMember(db, programId, referredBy))) {
    throw new AppError('referrer_not_found', 422, `Referring member "${referredBy}" was not found`, {
      field: 'referredBy',
      id: referredBy,
    });
  }
}

const UNIQUE_INDEXES = new Set(['members_external_id_key', 'members_email_key']);
const isIdentityRace = (e: unknown) =>
  (e as { code?: string }).code === '23505' &&
  UNIQUE_INDEXES.has((e as { constraint?: string }).constraint ?? '');

/**
 * Runs in the transaction that creates a member, after the insert and its member.created event: a step the
 * caller needs with context the event does not carry (a signup form's referral claim). Reactions every new
 * member gets subscribe to member.created instead. If it throws, the member is not created.
 */
export type MemberCreatedHook = (
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  member: Member,
) => Promise<unknown>;

export interface CreateMemberOptions {
  onCreated?: MemberCreatedHook | undefined;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export async function createMember(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: MemberInput & { source?: string | undefined },
  options: CreateMemberOptions = {},
): Promise<Member> {
  const rules = await programRules(db, clock, programId);
  const columns = normaliseMemberInput(input, rules);
  const values = {
    external_id: null,
    email: null,
    phone: null,
    first_name: null,
    last_name: null,
    birthday: null,
    anniversary: null,
    locale: null,
    time_zone: null,
    referred_by: null,
    ...columns,
  };
  requireIdentity(values);
  return inTransaction(db, async (trx) => {
    await assertIdentityFree(trx, programId, columns);
    await assertReferrer(trx, programId, values.referred_by);
    const now = clock.now();
    const row = await insertMemberUnlessExists(trx, {
      ...values,
      program_id: programId,
      attributes: JSON.stringify(values.attributes ?? {}),
      search_text: memberSearchText(values),
      ...(input.source ? { source: input.source } : {}),
      created_at: now,
      updated_at: now,
    });
    if (!row) {
      // Lost a race with a concurrent insert of the same identity; it has committed, so it is visible now.
      await assertIdentityFree(trx, programId, columns);
      throw new AppError('member_exists', 409, 'A member with this externalId or email already exists');
    }
    const member = memberView(row);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'member.created',
      entityType: 'member',
      entityId: member.id,
      after: member,
    });
    // What other modules do when someone joins (the loyalty signup bonus, in this transaction) they do as
    // subscribers of this event.
    await publishEvent(
      trx,
      clock,
      {
        type: 'member.created',
        programId,
        memberId: member.id,
        payload: { source: member.source, referredBy: member.referredBy },
      },
      { actor },
    );
    await options.onCreated?.(trx, clock, actor, member);
    return member;
  });
}

export async function updateMember(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  patch: MemberInput,
): Promise<Member> {
  const rules = await programRules(db, clock, programId);
  let columns: MemberColumns = {};
  try {
    return await inTransaction(db, async (trx) => {
      const current = await selectActiveMember(trx, programId, memberId, true);
      if (!current) throw notFound('member', memberId);
      columns = normaliseMemberInput(patch, rules, current.attributes);
      const changed = Object.fromEntries(
        Object.entries(columns).filter(
          ([k, v]) => JSON.stringify(v) !== JSON.stringify(current[k as keyof MemberColumns]),
        ),
      ) as MemberColumns;
      const before = memberView(current);
      if (Object.keys(changed).length === 0) return before;
      const next = { ...current, ...changed };
      requireIdentity(next);
      await assertIdentityFree(
        trx,
        programId,
        { external_id: changed.external_id, email: changed.email },
        memberId,
      );
      if (changed.referred_by !== undefined)
        await assertReferrer(trx, programId, changed.referred_by, memberId);
      const { attributes, ...rest } = changed;
      const row = await updateMemberRow(trx, programId, memberId, {
        ...rest,
        ...(attributes !== undefined ? { attributes: JSON.stringify(attributes) } : {}),
        search_text: memberSearchText(next),
        updated_at: clock.now(),
      });
      const after = memberView(row);
      await recordAudit(trx, clock, actor, {
        programId,
        action: 'member.updated',
        entityType: 'member',
        entityId: memberId,
        before,
        after,
      });
      await publishEvent(trx, clock, {
        type: 'member.updated',
        programId,
        memberId,
        payload: { changed: Object.keys(changed).map(camel) },
      });
      return after;
    });
  } catch (e) {
    // A concurrent write took the identity between our check and our update. Our own transaction is
    // aborted; name the winner when we can still read (i.e. we owned the transaction).
    if (!isIdentityRace(e)) throw e;
    if (!db.isTransaction) await assertIdentityFree(db, programId, columns, memberId);
    throw new AppError('member_exists', 409, 'A member with this externalId or email already exists');
  }
}

/** Soft delete: the member disappears from reads and frees its external id and e-mail. */
export async function deleteMember(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const current = await selectActiveMember(trx, programId, memberId, true);
    if (!current) throw notFound('member', memberId);
    const now = clock.now();
    await updateMemberRow(trx, programId, memberId, { deleted_at: now, status: 'deleted', updated_at: now });
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'member.deleted',
      entityType: 'member',
      entityId: memberId,
      before: memberView(current),
    });
    await publishEvent(trx, clock, { type: 'member.deleted', programId, memberId, payload: {} });
  });
}

/**
 * Creates the member, or updates the one already known by external id or e-mail (by phone only when neither
 * is given). Used by Segment `identify` and CSV import. A member found by e-mail that already carries another
 * external id is a conflict, not a merge.
 */
export async function upsertMemberByIdentity(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: MemberInput & { source?: string | undefined },
  options: CreateMemberOptions = {},
): Promise<{ member: Member; created: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const existing =
      (input.externalId
        ? await findMemberByIdentity(db, programId, { externalId: input.externalId })
        : undefined) ??
      (input.email ? await findMemberByIdentity(db, programId, { email: input.email }) : undefined) ??
      (!input.externalId && !input.email && input.phone
        ? await findMemberByIdentity(db, programId, { phone: input.phone })
        : undefined);
    if (existing) {
      const externalId = input.externalId ? cleanExternalId(input.externalId) : undefined;
      if (externalId && existing.externalId && existing.externalId !== externalId) {
        throw new AppError(
          'member_identity_conflict',
          409,
          `The member with this e-mail has external id "${existing.externalId}", not "${externalId}"`,
          { existingId: existing.id },
        );
      }
      const { source: _source, ...patch } = input;
      return { member: await updateMember(db, clock, actor, programId, existing.id, patch), created: false };
    }
    try {
      return { member: await createMember(db, clock, actor, programId, input, options), created: true };
    } catch (e) {
      // Someone created the same identity in between: update theirs instead (once).
      if (attempt > 0 || !(e instanceof AppError) || e.code !== 'member_exists') throw e;
    }
  }
}
