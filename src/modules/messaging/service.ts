// Messages: recorded first, sent by a job, status kept. queueMessage writes the row and its send job in the
// caller's transaction, so a message exists exactly when the business fact that caused it does.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { enqueueJob } from '../../platform/jobs/index.ts';
import type { MessageChannel, MessagePurpose, MessageStatus, MessagesTable } from './tables.ts';
import type { Selectable } from 'kysely';
import { messageBounceEvents } from './bounces/queries.ts';
import { hideSecrets, redactSecrets, storeSecrets } from './secrets.ts';

export const SEND_JOB = 'messaging.send';
export const SEND_MAX_ATTEMPTS = 10;

export interface QueueMessageInput {
  programId: string;
  memberId?: string | null | undefined;
  channel: MessageChannel;
  /** What it is for: 'double_opt_in', 'otp', 'campaign', … */
  kind: string;
  /** Marketing mail needs consent and an unsubscribe link; service mail (confirmations, codes) does not. */
  purpose: MessagePurpose;
  /** E-mail address, or phone number in E.164 for SMS. */
  to: string;
  locale?: string | null | undefined;
  subject?: string | null | undefined;
  text: string;
  /** Body HTML (a fragment is wrapped in a document with lang/dir) — e-mail only. */
  html?: string | null | undefined;
  /** Required for marketing e-mail: becomes List-Unsubscribe (RFC 8058 one-click). */
  unsubscribeUrl?: string | null | undefined;
  /** When to send; default now. */
  sendAt?: Date | undefined;
  /**
   * Values in the subject, text or HTML that must never be shown to admins (a sign-in code, a token). The
   * unsubscribe URL is always treated as one. See secrets.ts.
   */
  secrets?: string[] | undefined;
}

export interface Message {
  id: string;
  programId: string;
  memberId: string | null;
  channel: MessageChannel;
  kind: string;
  purpose: MessagePurpose;
  to: string;
  locale: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  unsubscribeUrl: string | null;
  status: MessageStatus;
  attempts: number;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
  /** The campaign the message belongs to. */
  campaignId: string | null;
  /** Why it was not (yet) sent (see campaign-rows.ts). */
  reason: string | null;
}

export function messageView(row: Selectable<MessagesTable>): Message {
  return {
    id: row.id,
    programId: row.program_id,
    memberId: row.member_id,
    channel: row.channel,
    kind: row.kind,
    purpose: row.purpose,
    to: row.to_address,
    locale: row.locale,
    subject: hideSecrets(row.subject),
    text: hideSecrets(row.text_body),
    html: hideSecrets(row.html_body),
    unsubscribeUrl: hideSecrets(row.unsubscribe_url),
    status: row.status,
    attempts: row.attempts,
    providerMessageId: row.provider_message_id,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
    failedAt: row.failed_at,
    campaignId: row.campaign_id,
    reason: row.reason,
  };
}

const EMAIL = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

function checkMessage(input: QueueMessageInput): void {
  const bad = (message: string) => new AppError('invalid_message', 400, message);
  if (input.channel === 'email') {
    if (!EMAIL.test(input.to)) throw bad(`"${input.to}" is not an e-mail address`);
    if (!input.subject) throw bad('An e-mail needs a subject');
    if (input.purpose === 'marketing' && !input.unsubscribeUrl) {
      throw bad('Marketing e-mail needs an unsubscribe link (unsubscribeUrl)');
    }
  } else {
    if (!E164.test(input.to)) throw bad(`"${input.to}" is not a phone number in E.164 form (+972…)`);
    if (input.html) throw bad('SMS has no HTML body');
  }
  if (!input.text.trim()) throw bad('The message has no text');
}

/** Records a message (status 'queued') and its send job. Pass the caller's transaction as `db`. */
export async function queueMessage(db: Db, clock: Clock, input: QueueMessageInput): Promise<Message> {
  checkMessage(input);
  const now = clock.now();
  // The unsubscribe token also signs the preferences link: hide the token wherever it appears.
  const unsubscribeToken = input.unsubscribeUrl?.slice(input.unsubscribeUrl.lastIndexOf('/') + 1);
  const secrets = [...(input.secrets ?? []), ...(unsubscribeToken ? [unsubscribeToken] : [])];
  const stored = redactSecrets(
    {
      subject: input.subject ?? null,
      text: input.text,
      html: input.html ?? null,
      unsubscribeUrl: input.unsubscribeUrl ?? null,
    },
    secrets,
  );
  const row = await db
    .insertInto('messages')
    .values({
      program_id: input.programId,
      member_id: input.memberId ?? null,
      channel: input.channel,
      kind: input.kind,
      purpose: input.purpose,
      to_address: input.to,
      locale: input.locale ?? null,
      subject: stored.subject,
      text_body: stored.text,
      html_body: stored.html,
      unsubscribe_url: stored.unsubscribeUrl,
      provider_message_id: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await storeSecrets(db, row.program_id, row.id, secrets);
  await recordStatus(db, clock, row.program_id, row.id, 'queued', null);
  await enqueueJob(db, clock, {
    type: SEND_JOB,
    programId: input.programId,
    payload: { messageId: row.id },
    uniqueKey: `message:${row.id}`,
    maxAttempts: SEND_MAX_ATTEMPTS,
    ...(input.sendAt ? { runAt: input.sendAt } : {}),
  });
  return messageView(row);
}

export async function recordStatus(
  db: Db,
  clock: Clock,
  programId: string,
  messageId: string,
  status: MessageStatus,
  detail: string | null,
): Promise<void> {
  await db
    .insertInto('message_status_history')
    .values({ program_id: programId, message_id: messageId, status, detail, at: clock.now() })
    .execute();
}

export async function getMessage(db: Db, programId: string, messageId: string) {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!row) throw notFound('message', messageId);
  const history = await db
    .selectFrom('message_status_history')
    .select(['status', 'detail', 'at'])
    .where('message_id', '=', messageId)
    .orderBy('id')
    .execute();
  const bounces = await messageBounceEvents(db, programId, messageId);
  return { ...messageView(row), history, bounces };
}

export interface MessageFilter {
  status?: MessageStatus | undefined;
  channel?: MessageChannel | undefined;
  purpose?: MessagePurpose | undefined;
  kind?: string | undefined;
  memberId?: string | undefined;
  /** Recorded at or after this instant. */
  from?: Date | string | undefined;
  /** Recorded before this instant (half-open, so consecutive days never overlap). */
  to?: Date | string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const instant = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export async function listMessages(db: Db, programId: string, filter: MessageFilter) {
  const from = filter.from === undefined ? undefined : instant(filter.from);
  const to = filter.to === undefined ? undefined : instant(filter.to);
  if (from && to && to.getTime() <= from.getTime()) {
    throw new AppError(
      'invalid_range',
      400,
      `"to" (${to.toISOString()}) is not after "from" (${from.toISOString()})`,
      {
        from: from.toISOString(),
        to: to.toISOString(),
      },
    );
  }
  let q = db
    .selectFrom('messages')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.channel) q = q.where('channel', '=', filter.channel);
  if (filter.purpose) q = q.where('purpose', '=', filter.purpose);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (from) q = q.where('created_at', '>=', from);
  if (to) q = q.where('created_at', '<', to);
  if (filter.memberId) q = q.where('member_id', '=', filter.memberId);
  if (filter.cursor !== undefined) {
    const c = decodeCursor(filter.cursor);
    if (!c) throw new AppError('invalid_cursor', 400, 'The cursor is not one this API returned');
    q = q.where(sql<boolean>`(created_at, id) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await q.execute();
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(messageView),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
