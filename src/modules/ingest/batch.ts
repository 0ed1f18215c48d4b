// /v1/batch: every message is checked on its own; valid ones are ingested in order, invalid ones reported by
// position. Only our own failures (5xx) fail the request, so the client retries and dedupe skips what was done.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { parseMessage, type IncomingEvent } from './messages.ts';
import { ingestEvent, openIngestScope } from './service.ts';

export interface BatchError {
  index: number;
  messageId: string | null;
  code: string;
  message: string;
}

export interface BatchResult {
  success: true;
  accepted: number;
  duplicates: number;
  errors: BatchError[];
}

const messageIdOf = (raw: unknown) =>
  raw && typeof raw === 'object' && typeof (raw as { messageId?: unknown }).messageId === 'string'
    ? (raw as { messageId: string }).messageId
    : null;

/** Batch-level context (Segment allows one) is the default for each message's own context. */
function withBatchContext(raw: unknown, context: Record<string, unknown> | undefined): unknown {
  if (!context || !raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const own = (raw as { context?: unknown }).context;
  return { ...raw, context: { ...context, ...(own && typeof own === 'object' ? own : {}) } };
}

function failure(index: number, raw: unknown, e: unknown): BatchError {
  if (!(e instanceof AppError) || e.status >= 500) throw e;
  return { index, messageId: messageIdOf(raw), code: e.code, message: e.message };
}

export async function ingestBatch(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  body: { batch: unknown[]; sentAt?: string | undefined; context?: Record<string, unknown> | undefined },
): Promise<BatchResult> {
  const receivedAt = clock.now();
  const errors: BatchError[] = [];
  const parsed: { index: number; raw: unknown; event: IncomingEvent }[] = [];
  for (const [index, raw] of body.batch.entries()) {
    try {
      const event = parseMessage(withBatchContext(raw, body.context), {
        batchSentAt: body.sentAt,
        receivedAt,
      });
      parsed.push({ index, raw, event });
    } catch (e) {
      errors.push(failure(index, raw, e));
    }
  }
  const scope = await openIngestScope(
    db,
    programId,
    parsed.map((p) => p.event.messageId),
  );
  let accepted = 0;
  let duplicates = 0;
  for (const { index, raw, event } of parsed) {
    try {
      const result = await ingestEvent(db, clock, actor, scope, event);
      accepted++;
      if (result.status === 'duplicate') duplicates++;
    } catch (e) {
      errors.push(failure(index, raw, e));
    }
  }
  errors.sort((a, b) => a.index - b.index);
  return { success: true, accepted, duplicates, errors };
}
