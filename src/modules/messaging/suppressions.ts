// Addresses we must not send to: unsubscribes, hard bounces, complaints, manual blocks. Keyed by program,
// channel and the normalised address (lower-case e-mail, E.164 phone).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { bounceEventsByIds } from './bounces/queries.ts';
import type { MessageChannel, MessagePurpose, SuppressionReason } from './tables.ts';

export interface Suppression {
  channel: MessageChannel;
  address: string;
  reason: SuppressionReason;
  source: string | null;
  createdAt: Date;
  /** The bounce or complaint report behind it, if one. */
  evidenceId: string | null;
}

export const normaliseAddress = (channel: MessageChannel, address: string) =>
  channel === 'email' ? address.trim().toLowerCase() : address.trim();

/** Adds (or keeps) a suppression. The first reason recorded stays; returns true when it is new. */
export async function suppressAddress(
  db: Db,
  clock: Clock,
  input: {
    programId: string;
    channel: MessageChannel;
    address: string;
    reason: SuppressionReason;
    source?: string | null;
    /** The bounce or complaint report that caused it (bounce_events.id). */
    evidenceId?: string | null;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('suppressions')
    .values({
      program_id: input.programId,
      channel: input.channel,
      address: normaliseAddress(input.channel, input.address),
      reason: input.reason,
      source: input.source ?? null,
      evidence_id: input.evidenceId ?? null,
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.columns(['program_id', 'channel', 'address']).doNothing())
    .returning('address')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a suppression (e.g. the member opted in again with proof). Returns true when one existed. */
export async function unsuppressAddress(
  db: Db,
  programId: string,
  channel: MessageChannel,
  address: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('suppressions')
    .where('program_id', '=', programId)
    .where('channel', '=', channel)
    .where('address', '=', normaliseAddress(channel, address))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The suppression that blocks this send, if any. Marketing is blocked by every reason; service messages
 * (confirmations, one-time codes) the person asked for are blocked only by bounces and complaints.
 */
export async function blockingSuppression(
  db: Db,
  programId: string,
  channel: MessageChannel,
  address: string,
  purpose: MessagePurpose,
): Promise<Suppression | undefined> {
  let q = db
    .selectFrom('suppressions')
    .selectAll()
    .where('program_id', '=', programId)
    .where('channel', '=', channel)
    .where('address', '=', normaliseAddress(channel, address));
  if (purpose === 'service') q = q.where('reason', 'in', ['bounce', 'complaint']);
  const row = await q.executeTakeFirst();
  return row && suppressionView(row);
}

/**
 * blockingSuppression for many addresses in one query: the normalised addresses among `addresses` that a
 * suppression blocks for this purpose (a campaign batch, just before it is sent).
 */
export async function suppressedAmong(
  db: Db,
  programId: string,
  channel: MessageChannel,
  addresses: readonly string[],
  purpose: MessagePurpose,
): Promise<Set<string>> {
  const wanted = [...new Set(addresses.map((a) => normaliseAddress(channel, a)))];
  if (wanted.length === 0) return new Set();
  let q = db
    .selectFrom('suppressions')
    .select('address')
    .where('program_id', '=', programId)
    .where('channel', '=', channel)
    .where('address', 'in', wanted);
  if (purpose === 'service') q = q.where('reason', 'in', ['bounce', 'complaint']);
  const rows = await q.execute();
  return new Set(rows.map((r) => r.address));
}

function suppressionView(row: {
  channel: MessageChannel;
  address: string;
  reason: SuppressionReason;
  source: string | null;
  created_at: Date;
  evidence_id: string | null;
}): Suppression {
  return {
    channel: row.channel,
    address: row.address,
    reason: row.reason,
    source: row.source,
    createdAt: row.created_at,
    evidenceId: row.evidence_id,
  };
}

export async function listSuppressions(
  db: Db,
  programId: string,
  input: {
    channel?: MessageChannel | undefined;
    reason?: SuppressionReason | undefined;
    address?: string | undefined;
    limit: number;
    after?: string | undefined;
  },
) {
  let q = db
    .selectFrom('suppressions')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('address')
    .limit(input.limit + 1);
  if (input.channel) q = q.where('channel', '=', input.channel);
  if (input.reason) q = q.where('reason', '=', input.reason);
  if (input.address)
    q = q.where(
      'address',
      'like',
      `%${input.address
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, '\\$&')}%`,
    );
  if (input.after) q = q.where('address', '>', input.after);
  const rows = await q.execute();
  const page = rows.slice(0, input.limit);
  const evidence = await bounceEventsByIds(
    db,
    programId,
    page.map((r) => r.evidence_id).filter((id): id is string => !!id),
  );
  return {
    items: page.map((row) => ({
      ...suppressionView(row),
      evidence: row.evidence_id ? (evidence.get(row.evidence_id) ?? null) : null,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.address ?? null) : null,
  };
}
