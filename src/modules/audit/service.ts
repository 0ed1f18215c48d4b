// Every admin write records who did what, when, with the record before and after.
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/http/errors.ts';

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

export interface AuditFilter {
  actorType?: AuditActor['type'] | undefined;
  actorId?: string | undefined;
  /** An exact action ("member.updated") or a family ending in a dot ("member."). */
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

/** Entries newest first by when they happened (then by id), filtered; the cursor is the last row's (at, id). */
export async function listAudit(
  db: Db,
  programId: string,
  input: { limit: number; cursor?: string | undefined; filter?: AuditFilter },
) {
  const f = input.filter ?? {};
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (f.actorType) q = q.where('actor_type', '=', f.actorType);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action?.endsWith('.')) q = q.where('action', 'like', `${f.action.replace(/[\\%_]/g, '\\$&')}%`);
  else if (f.action) q = q.where('action', '=', f.action);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (input.cursor !== undefined) {
    const after = decodeAuditCursor(input.cursor);
    if (!after) throw new AppError('invalid_cursor', 400, 'The cursor is not one this API gave out');
    q = q.where(sql<boolean>`(at, id) < (${after.at}, ${after.id})`);
  }
  const rows = await q.execute();
  const more = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page, nextCursor: more && last ? `${new Date(last.at).getTime()}_${last.id}` : null };
}

function decodeAuditCursor(cursor: string): { at: Date; id: number } | null {
  const m = /^(\d{1,15})_(\d{1,18})$/.exec(cursor);
  return m ? { at: new Date(Number(m[1])), id: Number(m[2]) } : null;
}
