// Idempotency-Key for every write: the same key and body replay the first response without a second effect;
// the same key with another body is refused (422). Keys are scoped to the caller and kept for 24 hours.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from './errors.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, as a stable string (`user:<id>`, `api_key:<id>`); set by the authentication plugin. */
    callerId?: string;
    idempotency?: { scope: string; key: string; replayed: boolean };
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

function requestHash(request: FastifyRequest): string {
  return crypto
    .createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(canonical(request.body ?? null))}`)
    .digest('hex');
}

export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined || !WRITE_METHODS.has(request.method)) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new AppError(
        'invalid_idempotency_key',
        400,
        'Idempotency-Key must be 1–255 printable ASCII characters',
      );
    }
    const { db, clock } = app.ctx;
    const scope = request.callerId ?? `ip:${request.ip}`;
    const hash = requestHash(request);
    const expired = new Date(clock.now().getTime() - IDEMPOTENCY_TTL_MS);
    await db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('created_at', '<', expired)
      .execute();
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        scope,
        key,
        request_hash: hash,
        state: 'in_progress',
        created_at: clock.now(),
        response_body: null,
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotency = { scope, key, replayed: false };
      return;
    }
    const existing = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== hash) {
      throw new AppError(
        'idempotency_key_reused',
        422,
        'This Idempotency-Key was used with a different request',
        {
          key,
        },
      );
    }
    if (existing.state === 'in_progress') {
      throw new AppError(
        'idempotency_in_progress',
        409,
        'A request with this Idempotency-Key is still running; retry later',
        {
          key,
          retryAfterSeconds: 1,
        },
      );
    }
    request.idempotency = { scope, key, replayed: true };
    reply.header('idempotent-replayed', 'true');
    return reply.code(existing.response_status ?? 200).send(existing.response_body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    if (!idem || idem.replayed) return payload;
    const { db } = app.ctx;
    if (reply.statusCode >= 500) {
      // The request failed on our side: let the client retry with the same key.
      await db
        .deleteFrom('idempotency_keys')
        .where('scope', '=', idem.scope)
        .where('key', '=', idem.key)
        .execute();
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
    await db
      .updateTable('idempotency_keys')
      .set({ state: 'done', response_status: reply.statusCode, response_body: JSON.stringify(body) })
      .where('scope', '=', idem.scope)
      .where('key', '=', idem.key)
      .execute();
    return payload;
  });
});
