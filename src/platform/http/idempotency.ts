// Idempotency-Key for every write: the same key and body replay the first response without a second effect;
// the same key with another body is refused (422). Keys are scoped to the program and to the authenticated
// caller (checked before any replay) and kept for 24 hours. A keyed request runs in one request transaction with its key:
// the key, the effect and the stored response commit together, so after a crash the key either holds the
// committed result or does not exist, and a retry replays it or runs once. A retry that arrives while the
// first is running waits for it (on the key's row) and then replays its answer.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { beginRequestTransaction, type RequestTransaction } from '../db/request-transaction.ts';
import { AppError } from './errors.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, as a stable string (`user:<id>`, `api_key:<id>`); set by the authentication plugin. */
    callerId?: string;
    idempotency?: {
      programId: string | null;
      scope: string;
      key: string;
      replayed: boolean;
      transaction?: RequestTransaction;
    };
    /** Set by a module that authenticates callers itself (the member portal) before the preHandler phase. */
    idempotencyScope?: string;
    /**
     * The program a request acts in when its URL does not say (`/v1` with a program's API key, the portal):
     * set by the module that authenticated it. Otherwise the `:programId` path parameter.
     */
    idempotencyProgram?: string;
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The program whose key this is: the one authentication named, or the URL's; null outside any program. */
function programOf(request: FastifyRequest): string | null {
  if (request.idempotencyProgram) return request.idempotencyProgram;
  const fromUrl = (request.params as { programId?: unknown } | undefined)?.programId;
  return typeof fromUrl === 'string' && UUID.test(fromUrl) ? fromUrl.toLowerCase() : null;
}

function requestHash(request: FastifyRequest): string {
  return crypto
    .createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(canonical(request.body ?? null))}`)
    .digest('hex');
}

export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  const { db, clock } = app.ctx;

  /** Claims the key inside a new request transaction, or answers with the stored response. */
  async function claim(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<RequestTransaction | undefined> {
    const key = request.headers['idempotency-key'];
    if (key === undefined || !WRITE_METHODS.has(request.method)) return undefined;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new AppError(
        'invalid_idempotency_key',
        400,
        'Idempotency-Key must be 1–255 printable ASCII characters',
      );
    }
    const scope = request.callerId ?? request.idempotencyScope ?? `ip:${request.ip}`;
    const programId = programOf(request);
    const hash = requestHash(request);
    const transaction = await beginRequestTransaction(db);
    try {
      const existing = await transaction.run(async () => {
        await db
          .deleteFrom('idempotency_keys')
          .where('program_id', 'is not distinct from', programId)
          .where('scope', '=', scope)
          .where('key', '=', key)
          .where((eb) =>
            // A key still in progress once committed comes from before keys joined their transaction.
            eb.or([
              eb('created_at', '<', new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS)),
              eb('state', '=', 'in_progress'),
            ]),
          )
          .execute();
        // Waits for a concurrent holder of the same key to commit or roll back.
        const inserted = await db
          .insertInto('idempotency_keys')
          .values({
            program_id: programId,
            scope,
            key,
            request_hash: hash,
            state: 'in_progress',
            created_at: clock.now(),
            response_body: null,
          })
          .onConflict((oc) => oc.columns(['program_id', 'scope', 'key']).doNothing())
          .returning('key')
          .executeTakeFirst();
        if (inserted) return undefined;
        return db
          .selectFrom('idempotency_keys')
          .selectAll()
          .where('program_id', 'is not distinct from', programId)
          .where('scope', '=', scope)
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
      });
      if (!existing) {
        request.idempotency = { programId, scope, key, replayed: false, transaction };
        return transaction;
      }
      await transaction.commit();
      if (existing.request_hash !== hash) {
        throw new AppError(
          'idempotency_key_reused',
          422,
          'This Idempotency-Key was used with a different request',
          { key },
        );
      }
      request.idempotency = { programId, scope, key, replayed: true };
      reply.header('idempotent-replayed', 'true');
      await reply.code(existing.response_status ?? 200).send(existing.response_body);
      return undefined;
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }

  // Callback style, so that the handler runs inside the request transaction's async context.
  app.addHook('preHandler', (request, reply, done) => {
    claim(request, reply).then(
      (transaction) => {
        if (reply.sent) return;
        if (transaction) transaction.run(() => done());
        else done();
      },
      (error: Error) => done(error),
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const transaction = request.idempotency?.transaction;
    if (!transaction?.open) return payload;
    const { programId, scope, key } = request.idempotency!;
    if (reply.statusCode >= 500) {
      // The request failed on our side: nothing it did stays, and the client may retry with the same key.
      await transaction.rollback();
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string' && payload.length > 0) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    try {
      await transaction.run(() =>
        db
          .updateTable('idempotency_keys')
          .set({ state: 'done', response_status: reply.statusCode, response_body: JSON.stringify(body) })
          .where('program_id', 'is not distinct from', programId)
          .where('scope', '=', scope)
          .where('key', '=', key)
          .execute(),
      );
      await transaction.commit();
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
    return payload;
  });

  // A request that ends without its answer being recorded (the client went away, a hook failed) leaves
  // nothing behind.
  app.addHook('onResponse', async (request) => {
    const transaction = request.idempotency?.transaction;
    if (transaction?.open) await transaction.rollback();
  });
});
