// /v1/batch: every message is checked and ingested on its own, all or nothing, in order; the ones that fail
// (invalid, refused, or failed on our side) are reported by position and the rest accepted. A retry of the
// batch acknowledges the accepted ones as duplicates and tries the failed ones again.
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
  const messageId = messageIdOf(raw);
  if (e instanceof AppError && e.status < 500) return { index, messageId, code: e.code, message: e.message };
  // Our own failure: the message left nothing behind (each is all-or-nothing) and the others go on.
  // Sending it again retries it; the accepted ones are then acknowledged as duplicates.
  return {
    index,
    messageId,
    code: 'message_failed',
    message: 'This message could not be stored; send it again to retry',
  };
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
