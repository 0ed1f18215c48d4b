// Every credit of points — a purchase on either path, an event bonus, an adjustment, a transfer in — is
// written by one SQL statement, `loyalty_record_purchases` (sql/loyalty_record_purchases.v3.sql, which also publishes purchase.recorded and points.earned): the account's
// totals, the ledger entry, its lot and, for a purchase, the purchase row. This file turns credits into the
// statement's input and its answer back into results and rows; what to credit is decided by the callers.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AuditActor } from '../audit/index.ts';
import { purchaseColumns, type PurchaseInput } from './purchase-input.ts';
import type { EarningResult } from './rules/types.ts';
import type { LedgerSource, LoyaltyPurchasesTable } from './tables.ts';
import type { LifetimeMetricColumn } from './tier-rules.ts';

/** What the credit gives when the account is in one state (a guarded credit has one per state it planned). */
export interface CreditOutcome {
  /** Guarded: the account's tier (null in a program without tiers) and birthday month (null: not looked at). */
  tier?: string | null;
  birthday?: boolean | null;
  points: number;
  explanation?: EarningResult;
  /** Guarded: the most the account's lifetime metric may be without this credit reaching the next tier. */
  tierLimit?: { column: LifetimeMetricColumn; max: number } | null;
}

/** A guarded credit (the one-round-trip path) is checked against the account it finds. */
export interface CreditGuard {
  /** The month of the credit in the program's time zone, for birthday-month outcomes. */
  localMonth: number;
  /** Inactivity expiry: an account last active at or before this has lapsed and needs settling first. */
  lapsedThrough: Date | null;
}

export interface Credit {
  programId: string;
  memberId: string;
  now: Date;
  /** null: the caller holds the account lock and has decided (one outcome, applied as it is). */
  guard: CreditGuard | null;
  /** 'redeem' gives spent points back (lifetime redeemed goes down). */
  kind: 'earn' | 'adjust' | 'transfer' | 'redeem';
  /** Earning counts toward lifetime earned and as activity; adjustments and transfers do not. */
  earned: boolean;
  entry: {
    reason: string;
    source: LedgerSource;
    actor: AuditActor;
    idempotencyKey: string | null;
    partnerId: string | null;
    counterpartMemberId: string | null;
    details: Record<string, unknown>;
    occurredAt: Date;
  };
  lot: { availableAt: Date; expiresAt: Date | null; matured: boolean };
  purchase: { id: string; input: PurchaseInput; occurredAt: Date; hash: string } | null;
  outcomes: CreditOutcome[];
}

/** Why the statement left a credit unwritten (the one-round-trip path then takes the full transaction). */
export type CreditDecline =
  | 'no_member'
  | 'no_account'
  | 'order_seen'
  | 'first_purchase'
  | 'downgrade_pending'
  | 'inactivity_due'
  | 'tier_not_planned'
  | 'tier_threshold'
  | 'account_changed';

export type CreditResult =
  | { applied: true; outcome: number; ledgerEntryId: number | null }
  | { applied: false; declined: CreditDecline };

type PurchaseRow = Selectable<LoyaltyPurchasesTable>;

function statementInput(idx: number, c: Credit) {
  const p = c.purchase;
  return {
    idx,
    program_id: c.programId,
    member_id: c.memberId,
    now: c.now,
    guarded: c.guard !== null,
    kind: c.kind,
    earned: c.earned,
    reason: c.entry.reason,
    source: c.entry.source,
    actor_type: c.entry.actor.type,
    actor_id: c.entry.actor.id,
    idempotency_key: c.entry.idempotencyKey,
    partner_id: c.entry.partnerId,
    counterpart_member_id: c.entry.counterpartMemberId,
    details: c.entry.details,
    occurred_at: c.entry.occurredAt,
    matured: c.lot.matured,
    available_at: c.lot.availableAt,
    expires_at: c.lot.expiresAt,
    ...(p
      ? {
          ...purchaseColumns(c.programId, p.input, p.occurredAt, p.hash),
          purchase_id: p.id,
          items: p.input.items ?? [],
        }
      : {}),
    local_month: c.guard?.localMonth ?? null,
    lapsed_through: c.guard?.lapsedThrough ?? null,
    outcomes: c.outcomes.map((o, n) => ({
      n,
      tier: o.tier ?? null,
      birthday: o.birthday ?? null,
      points: o.points,
      explanation: o.explanation ?? null,
      [`max_${o.tierLimit?.column ?? 'lifetime_earned'}`]: o.tierLimit?.max ?? null,
    })),
  };
}

/**
 * Writes the credits in one statement (at most one per account). Results in the order given. Throws the
 * database's unique violation when an order id or idempotency key arrived concurrently: nothing was written.
 */
export async function writeCredits(db: Db, credits: Credit[]): Promise<CreditResult[]> {
  const input = JSON.stringify(credits.map((c, idx) => statementInput(idx, c)));
  const r = await sql<{
    idx: number;
    outcome: number | null;
    ledger_entry_id: number | null;
    declined: CreditDecline | null;
  }>`select * from loyalty_record_purchases(${input}::jsonb)`.execute(db);
  const results: CreditResult[] = [];
  for (const row of r.rows) {
    results[row.idx] = row.declined
      ? { applied: false, declined: row.declined }
      : { applied: true, outcome: row.outcome!, ledgerEntryId: row.ledger_entry_id };
  }
  return results;
}

/** The purchase row as the statement wrote it for a credit with a purchase. */
export function writtenPurchase(
  c: Credit,
  outcome: CreditOutcome,
  ledgerEntryId: number | null,
): PurchaseRow {
  const p = c.purchase!;
  return {
    id: p.id,
    ...purchaseColumns(c.programId, p.input, p.occurredAt, p.hash),
    items: p.input.items ?? [],
    points_earned: outcome.points,
    refunded_total: 0,
    points_reversed: 0,
    ledger_entry_id: ledgerEntryId,
    explanation: (outcome.explanation ?? {}) as unknown as Record<string, unknown>,
    created_at: c.now,
  };
}
