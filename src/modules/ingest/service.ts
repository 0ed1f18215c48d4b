// The ingest service: stores Segment messages once per message id, keeps members up to date from identify,
// and hands purchases, refunds and other track events to the loyalty module — at once for known members,
// or when an identify later tells who the visitor was.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { atomically } from '../../platform/db/request-transaction.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { enqueueJob } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/index.ts';
import { findMemberByIdentity, getMember, upsertMemberByIdentity } from '../members/index.ts';
import { getProgram, type Program } from '../programs/index.ts';
import { applyEffect, planEffect, type EffectOutcome, type EffectPlan } from './effects.ts';
import type { IncomingEvent } from './messages.ts';
import {
  seenMessageIds,
  insertEventUnlessSeen,
  linkUnknownEvents,
  selectAwaitingEvents,
  selectLinkedMember,
  selectMemberEventPage,
  setEventEffect,
  upsertAnonymousLink,
  type EventRow,
} from './queries.ts';
import type { EffectStatus, EventType } from './tables.ts';
import { memberInputFromTraits } from './traits.ts';

export interface IngestResult {
  messageId: string;
  /** duplicate: the message id was seen before; nothing happened again. */
  status: 'accepted' | 'duplicate';
  memberId: string | null;
  effectStatus: EffectStatus;
}

export interface MemberEvent {
  id: string;
  type: EventType;
  name: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  effectStatus: EffectStatus;
  effect: Record<string, unknown> | null;
}

function eventView(row: EventRow): MemberEvent {
  return {
    id: String(row.id),
    type: row.type,
    name: row.name,
    properties: row.properties,
    context: row.context,
    messageId: row.message_id,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    effectStatus: row.effect_status,
    effect: row.effect,
  };
}

/**
 * One request's view of a program: the program itself, the members already resolved and the message ids
 * already stored, so a batch of 500 costs one dedupe query and one member lookup per distinct sender.
 * Only positive member lookups are cached (an identify later in the batch may introduce an unknown user).
 */
export interface IngestScope {
  programId: string;
  program?: Program;
  seen: Set<string>;
  memberByUserId: Map<string, string>;
  memberByAnonymousId: Map<string, string>;
}

/** A scope for these messages, with the ids among them that were stored before. */
export async function openIngestScope(db: Db, programId: string, messageIds: string[]): Promise<IngestScope> {
  return {
    programId,
    seen: new Set(await seenMessageIds(db, programId, messageIds)),
    memberByUserId: new Map(),
    memberByAnonymousId: new Map(),
  };
}

async function programOf(db: Db, scope: IngestScope): Promise<Program> {
  scope.program ??= await getProgram(db, scope.programId);
  return scope.program;
}

/** Who sent it: the member with this user id (external id), else the one this anonymous id was linked to. */
async function resolveMember(db: Db, scope: IngestScope, event: IncomingEvent): Promise<string | null> {
  if (event.userId !== null) {
    const cached = scope.memberByUserId.get(event.userId);
    if (cached) return cached;
    const member = await findMemberByIdentity(db, scope.programId, { externalId: event.userId });
    if (member) scope.memberByUserId.set(event.userId, member.id);
    return member?.id ?? null;
  }
  const anonymousId = event.anonymousId!;
  const cached = scope.memberByAnonymousId.get(anonymousId);
  if (cached) return cached;
  const linked = await selectLinkedMember(db, scope.programId, anonymousId);
  if (linked) scope.memberByAnonymousId.set(anonymousId, linked);
  return linked ?? null;
}

async function storeEvent(
  db: Db,
  clock: Clock,
  programId: string,
  event: IncomingEvent,
  memberId: string | null,
  outcome: EffectOutcome,
): Promise<IngestResult> {
  const stored = await insertEventUnlessSeen(db, {
    program_id: programId,
    member_id: memberId,
    anonymous_id: event.anonymousId,
    user_id: event.userId,
    type: event.type,
    name: event.name,
    properties: JSON.stringify(event.properties),
    context: JSON.stringify(event.context),
    message_id: event.messageId,
    occurred_at: event.occurredAt,
    received_at: clock.now(),
    effect_status: outcome.status,
    effect: outcome.effect === null ? null : JSON.stringify(outcome.effect),
  });
  return {
    messageId: event.messageId,
    status: stored ? 'accepted' : 'duplicate',
    memberId,
    effectStatus: outcome.status,
  };
}

/** Awaiting effects carried out inside the identify request; the rest go to a background job. */
export const INLINE_AWAITING_EFFECTS = 100;
export const APPLY_AWAITING_EFFECTS_JOB = 'ingest.apply_awaiting_effects';

/**
 * Carries out up to `limit` effects that waited for this member to be known, oldest first. A failure (e.g. the
 * order was already recorded with other details) is kept on the event, never thrown. Returns true when more
 * may be waiting.
 */
export async function applyAwaitingEffects(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  limit: number,
): Promise<boolean> {
  const rows = await selectAwaitingEvents(db, programId, memberId, limit);
  if (rows.length === 0) return false;
  const { currency } = await getProgram(db, programId);
  for (const row of rows) {
    let outcome: EffectOutcome;
    try {
      const plan = planEffect(row, currency);
      outcome = await applyEffect(db, clock, actor, programId, memberId, plan, {
        messageId: row.message_id,
        occurredAt: row.occurred_at,
      });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcome = { status: 'failed', effect: { error: { code: e.code, message: e.message } } };
    }
    await setEventEffect(db, programId, row.id, outcome.status, outcome.effect);
  }
  return rows.length === limit;
}

/** Job handler: everything still waiting for the member, in pages. */
export async function applyAllAwaitingEffects(db: Db, clock: Clock, programId: string, memberId: string) {
  while (await applyAwaitingEffects(db, clock, SYSTEM_ACTOR, programId, memberId, 500)) {
    // next page
  }
}

async function ingestIdentify(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  scope: IngestScope,
  event: IncomingEvent,
): Promise<IngestResult> {
  const { programId } = scope;
  if (event.userId === null) {
    // A visitor's traits before sign-up: kept on the event only; no member is created without a user id.
    const memberId = await resolveMember(db, scope, event);
    return storeEvent(db, clock, programId, event, memberId, { status: 'none', effect: null });
  }
  const program = await programOf(db, scope);
  const input = memberInputFromTraits(
    event.userId,
    event.properties,
    new Set(Object.keys(program.memberAttributeSchema ?? {})),
  );
  const { member } = await upsertMemberByIdentity(db, clock, actor, programId, {
    ...input,
    source: 'segment',
  });
  const userId = event.userId;
  const anonymousId = event.anonymousId;
  const result = await db.transaction().execute(async (trx) => {
    const stored = await storeEvent(trx, clock, programId, event, member.id, {
      status: 'none',
      effect: null,
    });
    if (anonymousId !== null) {
      await upsertAnonymousLink(trx, { programId, anonymousId, memberId: member.id, at: clock.now() });
    }
    await linkUnknownEvents(trx, programId, member.id, { userId, anonymousId });
    return stored;
  });
  scope.memberByUserId.set(userId, member.id);
  if (anonymousId !== null) scope.memberByAnonymousId.set(anonymousId, member.id);
  // A visitor with a long anonymous history must not make identify slow: the tail runs in the background.
  if (await applyAwaitingEffects(db, clock, actor, programId, member.id, INLINE_AWAITING_EFFECTS)) {
    await enqueueJob(db, clock, {
      type: APPLY_AWAITING_EFFECTS_JOB,
      programId,
      payload: { memberId: member.id },
      uniqueKey: `${APPLY_AWAITING_EFFECTS_JOB}:${programId}:${member.id}`,
    });
  }
  return result;
}

/**
 * Ingests one checked message. A message id seen before is acknowledged as a duplicate without any effect.
 * Throws AppError when the message cannot be accepted (bad commerce properties, member validation, a
 * purchase the loyalty module refuses); then nothing is stored and the sender may fix and resend it.
 */
export async function ingestEvent(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  scope: IngestScope,
  event: IncomingEvent,
): Promise<IngestResult> {
  if (scope.seen.has(event.messageId)) {
    return { messageId: event.messageId, status: 'duplicate', memberId: null, effectStatus: 'none' };
  }
  // All or nothing: a message that fails half-way (its member created, its purchase recorded) leaves no trace,
  // so its retry runs as if for the first time.
  try {
    const result = await atomically(db, () => ingestNewEvent(db, clock, actor, scope, event));
    scope.seen.add(event.messageId);
    return result;
  } catch (error) {
    // The members these caches point to may have been rolled back with the message.
    scope.memberByUserId.clear();
    scope.memberByAnonymousId.clear();
    throw error;
  }
}

async function ingestNewEvent(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  scope: IngestScope,
  event: IncomingEvent,
): Promise<IngestResult> {
  if (event.type === 'identify') return ingestIdentify(db, clock, actor, scope, event);
  let plan: EffectPlan = { kind: 'none' };
  if (event.type === 'track') plan = planEffect(event, (await programOf(db, scope)).currency);
  const memberId = await resolveMember(db, scope, event);
  let outcome: EffectOutcome = { status: 'none', effect: null };
  if (plan.kind !== 'none') {
    outcome = memberId
      ? await applyEffect(db, clock, actor, scope.programId, memberId, plan, event)
      : { status: 'awaiting_member', effect: null };
  }
  return storeEvent(db, clock, scope.programId, event, memberId, outcome);
}

/** A member's events, newest first, for the admin UI and for other modules (segments, journeys). */
export async function listMemberEvents(
  db: Db,
  programId: string,
  memberId: string,
  input: {
    limit: number;
    cursor?: string | undefined;
    type?: EventType | undefined;
    name?: string | undefined;
  },
): Promise<{ items: MemberEvent[]; nextCursor: string | null }> {
  await getMember(db, programId, memberId);
  let after: { occurredAt: Date; id: number } | undefined;
  if (input.cursor !== undefined) {
    const decoded = decodeCursor(input.cursor);
    if (!decoded || !/^\d{1,18}$/.test(decoded.id)) {
      throw new AppError('invalid_cursor', 400, 'The cursor is not one this API returned');
    }
    after = { occurredAt: new Date(decoded.createdAt), id: Number(decoded.id) };
  }
  const rows = await selectMemberEventPage(db, programId, memberId, {
    limit: input.limit,
    after,
    type: input.type,
    name: input.name,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(eventView),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}
