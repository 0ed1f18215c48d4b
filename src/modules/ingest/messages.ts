// Segment's message format (https://segment.com/docs/connections/spec/common/): validation and normalisation
// of one message, the same for the single endpoints and for each element of a batch. Pure apart from the
// generated message id.
import crypto from 'node:crypto';
import { Type, type Static } from 'typebox';
import { EVENT_FUTURE_TOLERANCE_MS, checkEventTime } from '../../platform/event-time.ts';
import { AppError } from '../../platform/http/errors.ts';
import { StringEnum } from '../../platform/http/schemas.ts';
import { strictAjv } from '../../platform/http/validation.ts';
import type { EventType } from './tables.ts';

/** Segment's own per-message limit; analytics-node refuses bigger ones before sending. */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const SUPPORTED_TYPES = ['identify', 'track', 'page', 'screen'] as const;
const ALL_TYPES = [...SUPPORTED_TYPES, 'group', 'alias'] as const;

const FreeObject = (description: string) =>
  Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true, description }));
const Identity = (description: string) =>
  Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Integer()], { description });
const Timestamp = (description: string) => Type.String({ format: 'date-time', description });

/** One Segment message. Fields Segment defines that we do not use (integrations, _metadata, …) pass through. */
export const SegmentMessage = Type.Object(
  {
    type: Type.Optional(
      StringEnum(ALL_TYPES, { description: 'Implied by the endpoint; required in a batch' }),
    ),
    messageId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Deduplication key within the program' }),
    ),
    userId: Type.Optional(Identity('Your id for the member (becomes the member externalId)')),
    anonymousId: Type.Optional(Identity('Visitor id before sign-in')),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'track: the event name' })),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'page/screen: the page name' })),
    category: Type.Optional(Type.String({ maxLength: 200 })),
    traits: Type.Optional(FreeObject('identify: member traits')),
    properties: Type.Optional(FreeObject('track/page/screen: event properties')),
    context: Type.Optional(FreeObject('Segment context (ip, userAgent, library, …)')),
    timestamp: Type.Optional(Timestamp('When it happened')),
    originalTimestamp: Type.Optional(Timestamp('Client time when it happened (corrected by sentAt)')),
    sentAt: Type.Optional(Timestamp('Client time when it was sent')),
  },
  { additionalProperties: true },
);
export type SegmentMessageBody = Static<typeof SegmentMessage>;

const checkShape = strictAjv.compile(SegmentMessage);

/** A message ready to store: ids are strings, time resolved, identify traits in `properties`. */
export interface IncomingEvent {
  type: EventType;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  name: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  occurredAt: Date;
}

const bad = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError(code, 400, message, details);

function shapeError(): AppError {
  const issues = (checkShape.errors ?? []).map((e) => {
    const where = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(message)';
    const params = e.params as Record<string, unknown>;
    const problem =
      e.keyword === 'required' ? `missing required field "${String(params.missingProperty)}"` : e.message;
    return { path: where, problem };
  });
  const first = issues[0];
  return bad('validation_failed', first ? `${first.path} ${first.problem}` : 'Invalid message', { issues });
}

const asId = (v: string | number | undefined) => (v === undefined ? null : String(v));

/**
 * Segment's time rule: `timestamp` if given; else `originalTimestamp` corrected for the client's clock skew
 * (receivedAt − (sentAt − originalTimestamp)); else when we received it.
 */
function occurredAt(body: SegmentMessageBody, batchSentAt: string | undefined, receivedAt: Date): Date {
  if (body.timestamp) return new Date(body.timestamp);
  if (body.originalTimestamp) {
    const original = new Date(body.originalTimestamp);
    const sentAt = body.sentAt ?? batchSentAt;
    if (!sentAt) return original;
    return new Date(receivedAt.getTime() - (new Date(sentAt).getTime() - original.getTime()));
  }
  return receivedAt;
}

/**
 * Checks one message and normalises it. `type` is the endpoint's (single calls) or undefined (batch: the
 * message must say). Throws AppError (400) with a stable code.
 */
export function parseMessage(
  raw: unknown,
  options: { type?: EventType; batchSentAt?: string | undefined; receivedAt: Date },
): IncomingEvent {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw bad('validation_failed', 'A message must be a JSON object');
  }
  if (Buffer.byteLength(JSON.stringify(raw)) > MAX_MESSAGE_BYTES) {
    throw bad('message_too_large', `A message may have at most ${MAX_MESSAGE_BYTES / 1024} KB`);
  }
  if (!checkShape(raw)) throw shapeError();
  const body = raw as SegmentMessageBody;
  const type = options.type ?? body.type;
  if (!type) throw bad('validation_failed', 'type is required in a batch', { field: 'type' });
  if (options.type && body.type && body.type !== options.type) {
    throw bad('validation_failed', `type "${body.type}" does not match the /v1/${options.type} endpoint`);
  }
  if (type === 'group' || type === 'alias') {
    throw bad(
      'unsupported_type',
      `"${type}" messages are not supported; send identify with userId and anonymousId`,
    );
  }
  const userId = asId(body.userId);
  const anonymousId = asId(body.anonymousId);
  if (userId === null && anonymousId === null) {
    throw bad('missing_identity', 'Either userId or anonymousId is required', { field: 'userId' });
  }
  if (type === 'track' && !body.event) {
    throw bad('validation_failed', 'track needs an "event" name', { field: 'event' });
  }
  const at = occurredAt(body, options.batchSentAt, options.receivedAt);
  const field = body.timestamp ? 'timestamp' : body.originalTimestamp ? 'originalTimestamp' : 'receivedAt';
  checkEventTime(at, options.receivedAt, field, EVENT_FUTURE_TOLERANCE_MS);
  const name =
    type === 'track' ? body.event! : type === 'identify' ? null : (body.name ?? body.category ?? null);
  return {
    type,
    // Without a messageId there is nothing to deduplicate by; the event gets a fresh one.
    messageId: body.messageId ?? `moadon-${crypto.randomUUID()}`,
    userId,
    anonymousId,
    name,
    properties: (type === 'identify' ? body.traits : body.properties) ?? {},
    context: body.context ?? {},
    occurredAt: at,
  };
}
