// Segment-compatible ingestion (/v1/identify, /v1/track, /v1/page, /v1/screen, /v1/batch) with a write key
// (an API key with ingest:write) as the Basic-auth user name, and the member event history for the admin UI.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { IsoDateTime, Nullable, Page, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf } from '../audit/index.ts';
import { inflateGzipBody } from './gzip.ts';
import { MAX_MESSAGE_BYTES, parseMessage, SegmentMessage, SUPPORTED_TYPES } from './messages.ts';
import { ingestBatch } from './batch.ts';
import { ingestEvent, listMemberEvents, openIngestScope } from './service.ts';
import type { EventType } from './tables.ts';

export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 500 * 1024;

const Success = Type.Object({ success: Type.Literal(true) }, { description: "Segment's acknowledgement" });

const BatchBody = Type.Object(
  {
    batch: Type.Array(Type.Unknown(), {
      description: `Up to ${MAX_BATCH_EVENTS} messages, each with a type`,
    }),
    sentAt: Type.Optional(Type.String({ format: 'date-time' })),
    context: Type.Optional(
      Type.Unsafe<Record<string, unknown>>(
        Type.Object({}, { additionalProperties: true, description: 'Default context of each message' }),
      ),
    ),
  },
  { additionalProperties: true },
);

const BatchErrorView = Type.Object({
  index: Type.Integer({ description: 'Position in `batch`' }),
  messageId: Nullable(Type.String()),
  code: Type.String({ description: 'Stable snake_case error code' }),
  message: Type.String(),
});

const BatchResponse = Type.Object(
  {
    success: Type.Literal(true),
    accepted: Type.Integer({ description: 'Messages accepted, replays included' }),
    duplicates: Type.Integer({ description: 'Of those, message ids seen before (no second effect)' }),
    errors: Type.Array(BatchErrorView, { description: 'Messages refused; fix and resend only these' }),
  },
  { description: 'Valid messages are accepted even when others are refused' },
);

const MemberEventView = Type.Object({
  id: Type.String(),
  type: StringEnum(SUPPORTED_TYPES),
  name: Nullable(Type.String()),
  properties: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Properties, or traits for identify',
  }),
  context: Type.Record(Type.String(), Type.Unknown()),
  messageId: Type.String(),
  userId: Nullable(Type.String()),
  anonymousId: Nullable(Type.String()),
  occurredAt: IsoDateTime,
  receivedAt: IsoDateTime,
  effectStatus: StringEnum(['none', 'applied', 'awaiting_member', 'failed'] as const),
  effect: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

function programOf(request: FastifyRequest): string {
  const principal = request.principal;
  // authorize() already refused anything but an API key here (the routes have no :programId).
  if (principal?.kind !== 'api_key') throw new AppError('forbidden', 403, 'This endpoint needs a write key');
  return principal.programId;
}

export async function ingestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;

  // Browser Segment libraries send JSON as text/plain to avoid a CORS preflight; read it as JSON here only.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  for (const type of ['identify', 'track', 'page', 'screen'] as const satisfies EventType[]) {
    app.post(
      `/v1/${type}`,
      {
        config: { auth: { permission: 'ingest:write' } },
        bodyLimit: MAX_MESSAGE_BYTES,
        preParsing: inflateGzipBody,
        schema: {
          tags: ['ingest'],
          summary: `Segment ${type}`,
          description:
            'HTTP Basic auth with an API key (ingest:write) as the user name and an empty password, as Segment. ' +
            'A message id seen before is acknowledged without a second effect.',
          security: [{ writeKey: [] }],
          body: SegmentMessage,
          response: { 200: Success, 413: { $ref: 'ErrorResponse#' } },
        },
      },
      async (request) => {
        const event = parseMessage(request.body, { type, receivedAt: clock.now() });
        const programId = programOf(request);
        const scope = await openIngestScope(db, programId, [event.messageId]);
        await ingestEvent(db, clock, actorOf(request), scope, event);
        return { success: true as const };
      },
    );
  }

  app.post(
    '/v1/batch',
    {
      config: { auth: { permission: 'ingest:write' } },
      bodyLimit: MAX_BATCH_BYTES,
      preParsing: inflateGzipBody,
      schema: {
        tags: ['ingest'],
        summary: 'Segment batch: identify, track, page and screen messages in one request',
        description:
          `At most ${MAX_BATCH_EVENTS} messages and ${MAX_BATCH_BYTES / 1024} KB (after gzip inflation); ` +
          `each message at most ${MAX_MESSAGE_BYTES / 1024} KB. Messages are processed in order; invalid ones ` +
          'are listed in `errors` and the rest accepted.',
        security: [{ writeKey: [] }],
        body: BatchBody,
        response: { 200: BatchResponse, 413: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request) => {
      if (request.body.batch.length > MAX_BATCH_EVENTS) {
        throw new AppError('batch_too_large', 413, `A batch may hold at most ${MAX_BATCH_EVENTS} messages`, {
          limit: MAX_BATCH_EVENTS,
          received: request.body.batch.length,
        });
      }
      return ingestBatch(db, clock, actorOf(request), programOf(request), request.body);
    },
  );

  app.get(
    '/api/programs/:programId/members/:memberId/events',
    {
      config: { auth: { permission: 'members:read' } },
      schema: {
        tags: ['members'],
        summary: "A member's events (identify, track, page, screen), newest first",
        params: Type.Object({ programId: Uuid, memberId: Uuid }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          type: Type.Optional(StringEnum(SUPPORTED_TYPES)),
          name: Type.Optional(
            Type.String({ maxLength: 200, description: 'Exact event name, e.g. Order Completed' }),
          ),
        }),
        response: { 200: Page(MemberEventView) },
      },
    },
    async (request) =>
      listMemberEvents(db, request.params.programId, request.params.memberId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      }),
  );
}
