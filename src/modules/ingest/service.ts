// The ingest service: stores Segment messages once per message id, keeps members up to date from identify,
// and hands purchases, refunds and other track events to the loyalty module — at once for known members,
// or when an identify later tells who the visitor was.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import type { AuditActor } from '../audit/index.ts';
import { findMemberByIdentity, getMember, upsertMemberByIdentity } from '../members/index.ts';
import { getProgram } from '../programs/index.ts';
import { applyEffect, planEffect, type EffectOutcome, type EffectPlan } from './effects.ts';
import type { IncomingEvent } from './messages.ts';
import {
  eventExists,
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

/** Who sent it: the member with this user id (external id), else the one this anonymous id was linked to. */
async function resolveMember(db: Db, programId: string, event: IncomingEvent): Promise<string | null> {
  if (event.userId !== null) {
    const member = await findMemberByIdentity(db, programId, { externalId: event.userId });
    return member?.id ?? null;
  }
  return (await selectLinkedMember(db, programId, event.anonymousId!)) ?? null;
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

/**
 * Carries out the effects that waited for this member to be known, oldest first. A failure (e.g. the order
 * was already recorded with other details) is kept on the event, never thrown: the identify still succeeds.
 */
export async function applyAwaitingEffects(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
): Promise<void> {
  const rows = await selectAwaitingEvents(db, programId, memberId);
  if (rows.length === 0) return;
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
}

async function ingestIdentify(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  event: IncomingEvent,
): Promise<IngestResult> {
  if (event.userId === null) {
    // A visitor's traits before sign-up: kept on the event only; no member is created without a user id.
    const memberId = await resolveMember(db, programId, event);
    return storeEvent(db, clock, programId, event, memberId, { status: 'none', effect: null });
  }
  const program = await getProgram(db, programId);
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
  const result = await db.transaction().execute(async (trx) => {
    const stored = await storeEvent(trx, clock, programId, event, member.id, {
      status: 'none',
      effect: null,
    });
    if (event.anonymousId !== null) {
      await upsertAnonymousLink(trx, {
        programId,
        anonymousId: event.anonymousId,
        memberId: member.id,
        at: clock.now(),
      });
    }
    await linkUnknownEvents(trx, programId, member.id, { userId, anonymousId: event.anonymousId });
    return stored;
  });
  await applyAwaitingEffects(db, clock, actor, programId, member.id);
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
  programId: string,
  event: IncomingEvent,
): Promise<IngestResult> {
  if (await eventExists(db, programId, event.messageId)) {
    return { messageId: event.messageId, status: 'duplicate', memberId: null, effectStatus: 'none' };
  }
  if (event.type === 'identify') return ingestIdentify(db, clock, actor, programId, event);
  let plan: EffectPlan = { kind: 'none' };
  if (event.type === 'track') plan = planEffect(event, (await getProgram(db, programId)).currency);
  const memberId = await resolveMember(db, programId, event);
  let outcome: EffectOutcome = { status: 'none', effect: null };
  if (plan.kind !== 'none') {
    outcome = memberId
      ? await applyEffect(db, clock, actor, programId, memberId, plan, event)
      : { status: 'awaiting_member', effect: null };
  }
  return storeEvent(db, clock, programId, event, memberId, outcome);
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
