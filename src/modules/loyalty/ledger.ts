// The append-only points ledger. Every movement is one row; the account row is its running total.
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor } from '../audit/index.ts';
import type { LedgerKind, LedgerSource } from './tables.ts';

export interface LedgerEntryInput {
  programId: string;
  memberId: string;
  kind: LedgerKind;
  points: number;
  reason: string;
  source: LedgerSource;
  actor: AuditActor;
  idempotencyKey?: string | null;
  purchaseId?: string | null;
  partnerId?: string | null;
  counterpartMemberId?: string | null;
  details?: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
}

const ledgerRow = (e: LedgerEntryInput) => ({
  program_id: e.programId,
  member_id: e.memberId,
  kind: e.kind,
  points: e.points,
  reason: e.reason,
  source: e.source,
  actor_type: e.actor.type,
  actor_id: e.actor.id,
  idempotency_key: e.idempotencyKey ?? null,
  purchase_id: e.purchaseId ?? null,
  partner_id: e.partnerId ?? null,
  counterpart_member_id: e.counterpartMemberId ?? null,
  details: JSON.stringify(e.details ?? {}),
  occurred_at: e.occurredAt,
  created_at: e.createdAt,
});

/**
 * Appends ledger entries for movements other than credits (redemptions, reversals, expiry, transfers out);
 * credits are written with their lot and account totals by one statement (record-credits.ts).
 */
export async function appendLedgerEntries(db: Db, entries: LedgerEntryInput[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const rows = await db.insertInto('loyalty_ledger').values(entries.map(ledgerRow)).returning('id').execute();
  return rows.map((r) => r.id);
}

export async function appendLedgerEntry(db: Db, e: LedgerEntryInput): Promise<number> {
  const [id] = await appendLedgerEntries(db, [e]);
  return id!;
}

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  points: number;
  reason: string;
  source: LedgerSource;
  actorType: string;
  actorId: string | null;
  idempotencyKey: string | null;
  purchaseId: string | null;
  partnerId: string | null;
  counterpartMemberId: string | null;
  details: Record<string, unknown>;
  occurredAt: Date;
  createdAt: Date;
}

type LedgerRow = {
  id: number;
  kind: LedgerKind;
  points: number;
  reason: string;
  source: LedgerSource;
  actor_type: string;
  actor_id: string | null;
  idempotency_key: string | null;
  purchase_id: string | null;
  partner_id: string | null;
  counterpart_member_id: string | null;
  details: Record<string, unknown>;
  occurred_at: Date;
  created_at: Date;
};

export function ledgerEntryView(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    kind: r.kind,
    points: r.points,
    reason: r.reason,
    source: r.source,
    actorType: r.actor_type,
    actorId: r.actor_id,
    idempotencyKey: r.idempotency_key,
    purchaseId: r.purchase_id,
    partnerId: r.partner_id,
    counterpartMemberId: r.counterpart_member_id,
    details: r.details,
    occurredAt: r.occurred_at,
    createdAt: r.created_at,
  };
}

export async function findLedgerEntryByKey(
  db: Db,
  programId: string,
  idempotencyKey: string,
): Promise<LedgerEntry | undefined> {
  const row = await db
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where('program_id', '=', programId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row ? ledgerEntryView(row) : undefined;
}

/** A member's ledger, newest first, keyset-paginated by id. */
export async function listLedger(
  db: Db,
  programId: string,
  memberId: string,
  page: { limit: number; beforeId?: number | undefined },
): Promise<{ items: LedgerEntry[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
  const rows = await q.execute();
  const items = rows.slice(0, page.limit).map(ledgerEntryView);
  const more = rows.length > page.limit;
  return { items, nextCursor: more && items.length ? String(items[items.length - 1]!.id) : null };
}
