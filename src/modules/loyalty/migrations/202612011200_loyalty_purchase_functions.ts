import { sql, type Kysely } from 'kysely';

// The two statements of the one-statement purchase path (purchase-fast-path.ts) as PL/pgSQL functions. Their
// SQL was planned afresh on every call, and planning cost more than running them; inside a function the plan
// is prepared once per connection and reused. Input is a JSON array, one object per purchase of the batch.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function loyalty_purchase_snapshots(input jsonb)
    returns table (idx int, version text, tier_key text, purchase_count int, downgrade_at timestamptz,
      last_activity_at timestamptz, lifetime_earned bigint, lifetime_spend bigint, birthday date,
      order_seen boolean)
    language plpgsql stable as $fn$
    begin
      return query
      select i.idx, a.xmin::text, a.tier_key, a.purchase_count, a.downgrade_at, a.last_activity_at,
        a.lifetime_earned, a.lifetime_spend, m.birthday,
        exists (select 1 from loyalty_purchases p where p.program_id = i.program_id and p.order_id = i.order_id)
      from jsonb_to_recordset(input) as i (idx int, program_id uuid, member_id uuid, order_id text)
      join members m on m.id = i.member_id and m.program_id = i.program_id and m.deleted_at is null
      join loyalty_accounts a on a.program_id = m.program_id and a.member_id = m.id;
    end
    $fn$;

    create function loyalty_record_purchases(input jsonb)
    returns setof loyalty_purchases
    language plpgsql as $fn$
    begin
      return query
      with i as (
        select * from jsonb_to_recordset(input) as x (idx int, purchase_id uuid, program_id uuid, member_id uuid,
          version xid, points bigint, available bigint, pending bigint, total bigint, now timestamptz,
          reason text, source text, actor_type text, actor_id text, idempotency_key text, partner_id uuid,
          details jsonb, occurred_at timestamptz, available_at timestamptz, expires_at timestamptz,
          matured boolean, order_id text, payload_hash text, currency text, channel text, store_id text,
          items jsonb, explanation jsonb)
      ), account as (
        update loyalty_accounts a set
          available = a.available + i.available,
          pending = a.pending + i.pending,
          lifetime_earned = a.lifetime_earned + i.points,
          purchase_count = a.purchase_count + 1,
          lifetime_spend = a.lifetime_spend + i.total,
          last_activity_at = i.now, updated_at = i.now
        from i
        where a.program_id = i.program_id and a.member_id = i.member_id and a.xmin = i.version
          and exists (select 1 from members m where m.id = i.member_id and m.deleted_at is null)
        returning i.idx
      ), applied as (
        select i.* from i join account on account.idx = i.idx
      ), entry as (
        insert into loyalty_ledger (program_id, member_id, kind, points, reason, source, actor_type, actor_id,
          idempotency_key, purchase_id, partner_id, details, occurred_at, created_at)
        select ap.program_id, ap.member_id, 'earn', ap.points, ap.reason, ap.source, ap.actor_type, ap.actor_id,
          ap.idempotency_key, ap.purchase_id, ap.partner_id, ap.details, ap.occurred_at, ap.now
        from applied ap where ap.points > 0
        returning loyalty_ledger.id, loyalty_ledger.purchase_id
      ), lot as (
        insert into loyalty_lots (program_id, member_id, ledger_entry_id, purchase_id, points, remaining,
          earned_at, available_at, expires_at, matured)
        select ap.program_id, ap.member_id, e.id, ap.purchase_id, ap.points, ap.points, ap.now,
          ap.available_at, ap.expires_at, ap.matured
        from entry e join applied ap on ap.purchase_id = e.purchase_id
      ), purchase as (
        insert into loyalty_purchases (id, program_id, order_id, member_id, payload_hash, total, currency,
          channel, store_id, partner_id, items, occurred_at, points_earned, ledger_entry_id, explanation,
          created_at)
        select ap.purchase_id, ap.program_id, ap.order_id, ap.member_id, ap.payload_hash, ap.total, ap.currency,
          ap.channel, ap.store_id, ap.partner_id, ap.items, ap.occurred_at, ap.points, e.id, ap.explanation,
          ap.now
        from applied ap left join entry e on e.purchase_id = ap.purchase_id
        returning *
      )
      select * from purchase;
    end
    $fn$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function loyalty_record_purchases(jsonb); drop function loyalty_purchase_snapshots(jsonb);`.execute(
    db,
  );
}
