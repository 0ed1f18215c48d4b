// Reading the stored reports: the admin's list, and the evidence behind a suppression.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../../platform/http/schemas.ts';
import type { BounceEventsTable, ReportType } from './tables.ts';

export function bounceEventView(row: Selectable<BounceEventsTable>) {
  return {
    id: row.id,
    receivedAt: row.received_at,
    source: row.source,
    type: row.type,
    severity: row.severity,
    reason: row.reason,
    address: row.address,
    messageId: row.message_id,
    memberId: row.member_id,
    statusCode: row.status_code,
    smtpCode: row.smtp_code,
    diagnostic: row.diagnostic,
    format: row.format,
    reportingMta: row.reporting_mta,
    remoteMta: row.remote_mta,
    originalMessageId: row.original_message_id,
    feedbackType: row.feedback_type,
    decision: row.decision,
    decisionDetail: row.decision_detail,
    evidence: row.evidence,
  };
}
export type BounceEventView = ReturnType<typeof bounceEventView>;

export async function listBounceEvents(
  db: Db,
  programId: string,
  filter: {
    address?: string | undefined;
    type?: ReportType | undefined;
    messageId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  let q = db
    .selectFrom('bounce_events')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.address) q = q.where('address', '=', filter.address.trim().toLowerCase());
  if (filter.type) q = q.where('type', '=', filter.type);
  if (filter.messageId) q = q.where('message_id', '=', filter.messageId);
  if (filter.cursor !== undefined) {
    const c = decodeCursor(filter.cursor);
    if (!c) throw new AppError('invalid_cursor', 400, 'The cursor is not one this API returned');
    q = q.where(sql<boolean>`(received_at, id) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await q.execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(bounceEventView),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.received_at, last.id) : null,
  };
}

export async function bounceEventsByIds(db: Db, programId: string, ids: string[]) {
  if (!ids.length) return new Map<string, BounceEventView>();
  const rows = await db
    .selectFrom('bounce_events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, bounceEventView(r)]));
}

/** The reports that came back for one message (its bounce reason, a complaint), oldest first. */
export async function messageBounceEvents(db: Db, programId: string, messageId: string) {
  const rows = await db
    .selectFrom('bounce_events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('message_id', '=', messageId)
    .orderBy('received_at')
    .orderBy('id')
    .limit(50)
    .execute();
  return rows.map(bounceEventView);
}
