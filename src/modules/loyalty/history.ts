// Past sales recorded as purchases without points: the history import's write into loyalty's purchases, one
// batch per statement. A history purchase earns nothing and has no ledger entry (explanation.source =
// 'history'); it counts for value figures (RFM, Pareto, metrics) like any purchase. Cancellations become
// refunds of the order they undo, keyed by the cancellation's own order id, so a re-run refunds nothing twice.
// Publishes one purchase.history_imported (contracts/events.ts) per member of the batch (not purchase.recorded: a journey thanking
// for a purchase must not fire for a sale of two years ago).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvents } from '../../platform/events/index.ts';

export interface HistoryPurchase {
  orderId: string;
  memberId: string;
  occurredAt: Date;
  /** Minor units, ≥ 0. */
  total: number;
  currency: string;
  items: { sku: string; category?: string; description?: string; quantity: number; price: number }[];
  channel: string | null;
  storeId: string | null;
}

export interface HistoryRefund {
  /** The cancellation's own order id (the refund's key). */
  key: string;
  orderId: string;
  amount: number;
}

export interface HistoryOutcome {
  /** Order ids newly recorded, merged into this import's earlier part of the order, or recorded before. */
  recorded: string[];
  merged: string[];
  existing: string[];
  /** Cancellation keys refunded, already refunded before, or whose order is not (or no longer) refundable. */
  refunded: string[];
  alreadyRefunded: string[];
  unmatched: string[];
}

const hashOf = (p: HistoryPurchase) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify([p.orderId, p.memberId, p.occurredAt.toISOString(), p.total, p.items]))
    .digest('hex');

/** Records a batch of past purchases and refunds through the caller's transaction. */
export async function recordPurchaseHistory(
  trx: Db,
  clock: Clock,
  input: { programId: string; importId: string; purchases: HistoryPurchase[]; refunds: HistoryRefund[] },
): Promise<HistoryOutcome> {
  const { programId, importId } = input;
  const now = clock.now();
  const outcome: HistoryOutcome = {
    recorded: [],
    merged: [],
    existing: [],
    refunded: [],
    alreadyRefunded: [],
    unmatched: [],
  };
  const members = new Map<string, { orders: number; refunds: number }>();
  const touch = (memberId: string, key: 'orders' | 'refunds') => {
    const m = members.get(memberId) ?? { orders: 0, refunds: 0 };
    m[key]++;
    members.set(memberId, m);
  };
  if (input.purchases.length) {
    const records = JSON.stringify(
      input.purchases.map((p) => ({
        order_id: p.orderId,
        member_id: p.memberId,
        payload_hash: hashOf(p),
        total: p.total,
        currency: p.currency,
        channel: p.channel,
        store_id: p.storeId,
        items: p.items,
        occurred_at: p.occurredAt.toISOString(),
      })),
    );
    const { rows: inserted } = await sql<{ order_id: string }>`
      insert into loyalty_purchases (program_id, order_id, member_id, payload_hash, total, currency, channel,
        store_id, items, occurred_at, explanation, created_at)
      select ${programId}, v.order_id, v.member_id, v.payload_hash, v.total, v.currency, v.channel, v.store_id,
        v.items, v.occurred_at, ${JSON.stringify({ source: 'history', importId })}::jsonb, ${now}
      from jsonb_to_recordset(${records}::jsonb) as v(order_id text, member_id uuid, payload_hash text,
        total bigint, currency text, channel text, store_id text, items jsonb, occurred_at timestamptz)
      on conflict (program_id, order_id) do nothing
      returning order_id`.execute(trx);
    const fresh = new Set(inserted.map((r) => r.order_id));
    const rest = input.purchases.filter((p) => !fresh.has(p.orderId));
    // The rest were recorded before: by an earlier batch of this import (an order whose lines come back
    // later in the file: merge the lines in), or by anything else (a re-run, the till): left as they are.
    const { rows: merged } = rest.length
      ? await sql<{ order_id: string }>`
          update loyalty_purchases p set items = p.items || v.items, total = p.total + v.total
          from jsonb_to_recordset(${JSON.stringify(
            rest.map((p) => ({ order_id: p.orderId, member_id: p.memberId, total: p.total, items: p.items })),
          )}::jsonb) as v(order_id text, member_id uuid, total bigint, items jsonb)
          where p.program_id = ${programId} and p.order_id = v.order_id and p.member_id = v.member_id
            and p.explanation ->> 'importId' = ${importId}
          returning p.order_id`.execute(trx)
      : { rows: [] };
    const mergedIds = new Set(merged.map((r) => r.order_id));
    for (const p of input.purchases) {
      if (fresh.has(p.orderId)) {
        outcome.recorded.push(p.orderId);
        touch(p.memberId, 'orders');
      } else if (mergedIds.has(p.orderId)) {
        outcome.merged.push(p.orderId);
        touch(p.memberId, 'orders');
      } else outcome.existing.push(p.orderId);
    }
  }
  if (input.refunds.length) {
    // Each refund takes at most what is left of its order; refunds of one order apply in batch order.
    const { rows } = await sql<{ key: string; member_id: string | null; status: string }>`
      with v as (
        select * from jsonb_to_recordset(${JSON.stringify(
          input.refunds.map((r, i) => ({ ...r, position: i })),
        )}::jsonb) as v(key text, "orderId" text, amount bigint, position integer)
      ),
      target as (
        select v.key, v.position, v.amount, p.id as purchase_id, p.member_id, p.total, p.refunded_total,
          exists (select 1 from loyalty_refunds r where r.program_id = ${programId} and r.purchase_id = p.id
                  and r.refund_key = 'history:' || v.key) as done
        from v left join loyalty_purchases p on p.program_id = ${programId} and p.order_id = v."orderId"
      ),
      planned as (
        select t.*, least(t.amount, t.total - t.refunded_total - coalesce(sum(t.amount) filter (
          where not t.done) over (partition by t.purchase_id order by t.position
          rows between unbounded preceding and 1 preceding), 0)) as take
        from target t
      ),
      refunds as (
        insert into loyalty_refunds (program_id, purchase_id, refund_key, amount, points_reversed,
          points_unrecovered, reason, created_at)
        select ${programId}, purchase_id, 'history:' || key, take, 0, 0, 'history import', ${now}
        from planned where purchase_id is not null and not done and take > 0
        returning purchase_id, amount
      ),
      totals as (
        update loyalty_purchases p set refunded_total = p.refunded_total + s.amount
        from (select purchase_id, sum(amount) as amount from refunds group by 1) s
        where p.id = s.purchase_id
        returning p.id
      )
      select key, member_id::text,
        case when purchase_id is null then 'unmatched' when done then 'already'
             when take > 0 then 'refunded' else 'unmatched' end as status
      from planned, (select count(*) from totals) as applied
      order by position`.execute(trx);
    for (const r of rows) {
      if (r.status === 'refunded') {
        outcome.refunded.push(r.key);
        touch(r.member_id!, 'refunds');
      } else if (r.status === 'already') outcome.alreadyRefunded.push(r.key);
      else outcome.unmatched.push(r.key);
    }
  }
  await publishEvents(
    trx,
    clock,
    [...members].map(([memberId, counts]) => ({
      type: 'purchase.history_imported' as const,
      programId,
      memberId,
      payload: { importId, ...counts },
    })),
  );
  return outcome;
}
