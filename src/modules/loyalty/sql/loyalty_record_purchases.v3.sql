-- loyalty_record_purchases, version 3: the one statement that writes points earned — the account's totals, the
-- ledger entry, its lot, for a purchase the purchase row, and the event of it in the outbox (event_outbox):
-- purchase.recorded for a purchase, points.earned for any other credit. Version 2 wrote no events. Every credit goes through it (record-credits.ts):
-- the one-round-trip purchase path, the full transactional purchase path, event bonuses, adjustments,
-- transfers received and points given back.
--
-- Input: a JSON array, one object per credit, at most one per account. A guarded credit (the one-round-trip
-- path) carries its outcome for every account state that matters; this statement reads the account, picks the
-- outcome that matches and writes — or declines, naming why, when the account is in a state the caller did not
-- plan for (the caller then takes the full transaction). An unguarded credit comes from a caller that holds the
-- account lock and has decided: one outcome, no checks beyond the order id. Either way nothing is written when
-- the account row changed since it was read (its xmin). What is decided about time and tiers is decided by the
-- caller in TypeScript and arrives as plain bounds (lapsed_through, max_*): no calendar or metric logic here.
--
-- Output: one row per credit: the outcome applied and its ledger entry, or why it was declined.
drop function if exists loyalty_record_purchases(jsonb);

create function loyalty_record_purchases(input jsonb)
returns table (idx int, outcome int, ledger_entry_id bigint, declined text)
language plpgsql as $fn$
#variable_conflict use_column
begin
  return query
  with i as materialized (
    select * from jsonb_to_recordset(input) as x (idx int, program_id uuid, member_id uuid, now timestamptz,
      guarded boolean, kind text, earned boolean, reason text, source text, actor_type text, actor_id text,
      idempotency_key text, partner_id uuid, counterpart_member_id uuid, details jsonb, occurred_at timestamptz,
      matured boolean, available_at timestamptz, expires_at timestamptz, purchase_id uuid, order_id text,
      payload_hash text, total bigint, currency text, channel text, store_id text, items jsonb, local_month int,
      lapsed_through timestamptz, outcomes jsonb)
  ), looked as materialized (
    select i.*, a.row_id, a.version, o.n as outcome, o.points, o.explanation,
      case
        when m.found is null then 'no_member'
        when a.row_id is null then 'no_account'
        when m.order_seen then 'order_seen'
        when not i.guarded then null
        when a.purchase_count = 0 then 'first_purchase'
        when a.downgrade_at is not null then 'downgrade_pending'
        when a.last_activity_at <= i.lapsed_through then 'inactivity_due'
        when o.n is null then 'tier_not_planned'
        when a.lifetime_earned > o.max_lifetime_earned or a.lifetime_spend > o.max_lifetime_spend
          or a.purchase_count > o.max_purchase_count then 'tier_threshold'
      end as declined
    from i
    -- One key lookup per credit (LIMIT keeps each a parameterized index scan, never a scan of the table).
    -- The order id check is a scalar subquery, one probe per purchase: as NOT EXISTS the planner may hash the
    -- whole purchases table instead, and this plan is kept for the connection's life.
    left join lateral (select true as found, m.birthday,
        coalesce((select true from loyalty_purchases p
          where p.program_id = i.program_id and p.order_id = i.order_id limit 1), false) as order_seen
      from members m
      where m.id = i.member_id and m.program_id = i.program_id and m.deleted_at is null limit 1) m on true
    left join lateral (select a.ctid as row_id, a.xmin as version, a.tier_key, a.purchase_count, a.downgrade_at,
        a.last_activity_at, a.lifetime_earned, a.lifetime_spend
      from loyalty_accounts a where a.program_id = i.program_id and a.member_id = i.member_id limit 1) a on true
    left join lateral (
      select o.* from jsonb_to_recordset(i.outcomes) as o (n int, tier text, birthday boolean, points bigint,
        explanation jsonb, max_lifetime_earned bigint, max_lifetime_spend bigint, max_purchase_count bigint)
      where not i.guarded or (o.tier is not distinct from a.tier_key
        and (o.birthday is null or o.birthday = coalesce(extract(month from m.birthday) = i.local_month, false)))
      limit 1
    ) o on true
  ), account as (
    update loyalty_accounts a set
      available = a.available + case when c.matured then c.points else 0 end,
      pending = a.pending + case when c.matured then 0 else c.points end,
      lifetime_earned = a.lifetime_earned + case when c.earned then c.points else 0 end,
      -- a positive redeem entry gives spent points back
      lifetime_redeemed = a.lifetime_redeemed - case when c.kind = 'redeem' then c.points else 0 end,
      purchase_count = a.purchase_count + case when c.order_id is null then 0 else 1 end,
      lifetime_spend = a.lifetime_spend + coalesce(c.total, 0),
      last_activity_at = case when c.earned then c.now else a.last_activity_at end,
      updated_at = c.now
    from looked c
    -- by the row read (a TID lookup per credit, whatever the planner thinks of the input's size); a row
    -- updated since is followed to its latest version, whose xmin no longer matches: declined
    where c.declined is null and a.ctid = c.row_id and a.xmin = c.version
      and a.program_id = c.program_id and a.member_id = c.member_id
    returning c.idx
  ), applied as materialized (
    select c.* from looked c join account on account.idx = c.idx
  ), entry as (
    insert into loyalty_ledger (program_id, member_id, kind, points, reason, source, actor_type, actor_id,
      idempotency_key, purchase_id, partner_id, counterpart_member_id, details, occurred_at, created_at)
    select ap.program_id, ap.member_id, ap.kind, ap.points, ap.reason, ap.source, ap.actor_type, ap.actor_id,
      ap.idempotency_key, ap.purchase_id, ap.partner_id, ap.counterpart_member_id, ap.details, ap.occurred_at,
      ap.now
    from applied ap where ap.points > 0
    returning loyalty_ledger.id, loyalty_ledger.program_id, loyalty_ledger.member_id
  ), lot as (
    insert into loyalty_lots (program_id, member_id, ledger_entry_id, purchase_id, points, remaining,
      earned_at, available_at, expires_at, matured)
    select ap.program_id, ap.member_id, e.id, ap.purchase_id, ap.points, ap.points, ap.now,
      ap.available_at, ap.expires_at, ap.matured
    -- one credit per account in a call, so the account names the entry
    from entry e join applied ap on ap.program_id = e.program_id and ap.member_id = e.member_id
  ), purchase as (
    insert into loyalty_purchases (id, program_id, order_id, member_id, payload_hash, total, currency,
      channel, store_id, partner_id, items, occurred_at, points_earned, ledger_entry_id, explanation,
      created_at)
    select ap.purchase_id, ap.program_id, ap.order_id, ap.member_id, ap.payload_hash, ap.total, ap.currency,
      ap.channel, ap.store_id, ap.partner_id, ap.items, ap.occurred_at, ap.points, e.id, ap.explanation,
      ap.now
    from applied ap left join entry e on e.program_id = ap.program_id and e.member_id = ap.member_id
    where ap.order_id is not null
  ), published as (
    -- The events of what was written, in the same statement (so in the same transaction) as the writes.
    -- Payloads carry ids and figures only: a credit's reason may name the person.
    insert into event_outbox (program_id, type, member_id, payload, occurred_at)
    select ap.program_id, 'purchase.recorded', ap.member_id,
      jsonb_build_object('purchaseId', ap.purchase_id, 'orderId', ap.order_id, 'total', ap.total,
        'currency', ap.currency, 'channel', ap.channel, 'partnerId', ap.partner_id,
        'points', case when e.id is null then 0 else ap.points end, 'ledgerEntryId', e.id),
      ap.now
    from applied ap left join entry e on e.program_id = ap.program_id and e.member_id = ap.member_id
    where ap.order_id is not null
    union all
    select ap.program_id, 'points.earned', ap.member_id,
      jsonb_build_object('ledgerEntryId', e.id, 'kind', ap.kind, 'points', ap.points), ap.now
    from entry e join applied ap on ap.program_id = e.program_id and ap.member_id = e.member_id
    where ap.order_id is null
  )
  select c.idx, c.outcome, e.id,
    case when ap.idx is not null then null else coalesce(c.declined, 'account_changed') end
  from looked c
  left join applied ap on ap.idx = c.idx
  left join entry e on e.program_id = ap.program_id and e.member_id = ap.member_id;
end
$fn$;
