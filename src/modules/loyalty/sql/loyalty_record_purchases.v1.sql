-- loyalty_record_purchases, version 1 (migration 202612011202): the one-round-trip purchase path. Frozen: a change
-- is a new version of this file loaded by a new migration (see src/platform/db/sql-file.ts).
drop function if exists loyalty_record_purchases(jsonb);

create function loyalty_record_purchases(input jsonb)
returns table (idx int, outcome int, ledger_entry_id bigint)
language plpgsql as $fn$
#variable_conflict use_column
begin
  return query
  with i as materialized (
    select * from jsonb_to_recordset(input) as x (idx int, purchase_id uuid, program_id uuid, member_id uuid,
      total bigint, now timestamptz, matured boolean, available_at timestamptz, expires_at timestamptz,
      reason text, source text, actor_type text, actor_id text, idempotency_key text, partner_id uuid,
      details jsonb, occurred_at timestamptz, order_id text, payload_hash text, currency text, channel text,
      store_id text, items jsonb, local_month int, inactivity_months int, tier_metric text, outcomes jsonb)
  ), chosen as materialized (
    select i.*, a.row_id, a.version, o.n as outcome, o.points, o.explanation
    from i
    -- One key lookup per purchase (LIMIT keeps each a parameterized index scan, never a scan of the table)
    -- The order id check is a scalar subquery, one probe per purchase: as NOT EXISTS the planner may hash
    -- the whole purchases table instead, and this plan is kept for the connection's life.
    cross join lateral (select m.birthday,
        coalesce((select true from loyalty_purchases p
          where p.program_id = i.program_id and p.order_id = i.order_id limit 1), false) as order_seen
      from members m
      where m.id = i.member_id and m.program_id = i.program_id and m.deleted_at is null limit 1) m
    cross join lateral (select a.ctid as row_id, a.xmin as version, a.tier_key, a.purchase_count, a.downgrade_at,
        a.last_activity_at, a.lifetime_earned, a.lifetime_spend
      from loyalty_accounts a where a.program_id = i.program_id and a.member_id = i.member_id limit 1) a
    cross join lateral (
      select o.* from jsonb_to_recordset(i.outcomes) as o (n int, tier text,
        birthday boolean, points bigint, next_threshold bigint, contribution bigint, explanation jsonb)
      where o.tier is not distinct from a.tier_key
        and (o.birthday is null
          or o.birthday = coalesce(extract(month from m.birthday) = i.local_month, false))
      limit 1
    ) o
    where a.purchase_count > 0
      and a.downgrade_at is null
      -- the inactivity deadline as addMonths() computes it (UTC calendar, clamped to the month's end)
      and (i.inactivity_months is null or a.last_activity_at is null
        or ((a.last_activity_at at time zone 'UTC') + make_interval(months => i.inactivity_months))
          at time zone 'UTC' > i.now)
      and (o.next_threshold is null
        or (case i.tier_metric when 'points' then a.lifetime_earned when 'spend' then a.lifetime_spend
          else a.purchase_count end) + o.contribution < o.next_threshold)
      and not m.order_seen
  ), account as (
    update loyalty_accounts a set
      available = a.available + case when c.matured then c.points else 0 end,
      pending = a.pending + case when c.matured then 0 else c.points end,
      lifetime_earned = a.lifetime_earned + c.points,
      purchase_count = a.purchase_count + 1,
      lifetime_spend = a.lifetime_spend + c.total,
      last_activity_at = c.now, updated_at = c.now
    from chosen c
    -- by the row read (a TID lookup per purchase, whatever the planner thinks of the input's size); a row
    -- updated since is followed to its latest version, whose xmin no longer matches: declined
    where a.ctid = c.row_id and a.xmin = c.version
      and a.program_id = c.program_id and a.member_id = c.member_id
    returning c.idx
  ), applied as materialized (
    select c.* from chosen c join account on account.idx = c.idx
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
    returning loyalty_purchases.id, loyalty_purchases.ledger_entry_id
  )
  select ap.idx, ap.outcome, p.ledger_entry_id from applied ap join purchase p on p.id = ap.purchase_id;
end
$fn$;
