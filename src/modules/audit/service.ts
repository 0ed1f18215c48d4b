// Every admin write records who did what, when, with the record before and after.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';

export interface AuditActor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  ip: string | null;
  requestId: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, ip: null, requestId: null };

export function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  return {
    type: p ? (p.kind === 'user' ? 'user' : 'api_key') : 'system',
    id: p ? (p.kind === 'user' ? p.userId : p.keyId) : null,
    ip: request.ip,
    requestId: String(request.id),
  };
}

export interface AuditEntry {
  programId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/** Call inside the same transaction as the write it describes. */
export async function recordAudit(db: Db, clock: Clock, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      program_id: entry.programId,
      actor_type: actor.type,
      actor_id: actor.id,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: actor.ip,
      request_id: actor.requestId,
      at: clock.now(),
    })
    .execute();
}

export async function listAudit(
  db: Db,
  programId: string,
  input: { limit: number; beforeId?: number | undefined },
) {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.beforeId !== undefined) q = q.where('id', '<', input.beforeId);
  const rows = await q.execute();
  const more = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  return { items: page, nextCursor: more && page.length ? String(page[page.length - 1]!.id) : null };
}
