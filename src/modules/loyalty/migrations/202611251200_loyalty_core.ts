import { sql, type Kysely } from 'kysely';

// The points ledger and everything it depends on. Every table carries program_id (Citus-ready); the ledger
// is append-only, the account row is its running total and is only ever changed under a row lock.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table loyalty_settings (
      program_id uuid primary key references programs(id),
      pending_days integer not null default 14 check (pending_days between 0 and 365),
      expiry_policy text not null default 'fixed' check (expiry_policy in ('none','fixed','inactivity')),
      expiry_months integer not null default 12 check (expiry_months between 1 and 120),
      expiry_warning_days integer not null default 30 check (expiry_warning_days between 0 and 365),
      negative_balance_policy text not null default 'record_debt'
        check (negative_balance_policy in ('record_debt','allow_negative')),
      transfers_enabled boolean not null default false,
      transfer_min_points bigint not null default 1,
      transfer_max_points_per_day bigint not null default 10000,
      tier_metric text not null default 'points' check (tier_metric in ('points','spend','purchases')),
      tier_window_days integer not null default 365 check (tier_window_days between 1 and 3660),
      tier_grace_days integer not null default 30 check (tier_grace_days between 0 and 3660),
      updated_at timestamptz not null default now()
    );

    create table loyalty_tiers (
      program_id uuid not null references programs(id),
      key text not null,
      name text not null,
      rank integer not null,
      threshold bigint not null check (threshold >= 0),
      benefits jsonb not null default '{}'::jsonb,
      primary key (program_id, key),
      unique (program_id, rank)
    );

    create table loyalty_accounts (
      program_id uuid not null,
      member_id uuid not null references members(id),
      available bigint not null default 0,
      pending bigint not null default 0 check (pending >= 0),
      debt bigint not null default 0 check (debt >= 0),
      unrecovered bigint not null default 0 check (unrecovered >= 0),
      lifetime_earned bigint not null default 0,
      lifetime_redeemed bigint not null default 0,
      lifetime_expired bigint not null default 0,
      purchase_count integer not null default 0,
      lifetime_spend bigint not null default 0,
      tier_key text,
      tier_since timestamptz,
      downgrade_at timestamptz,
      last_activity_at timestamptz,
      expiry_warned_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (program_id, member_id),
      -- available goes below zero only as the debt of an allow_negative reversal
      check (available + debt >= 0)
    );
    create index loyalty_accounts_activity_idx on loyalty_accounts (program_id, last_activity_at);

    create table loyalty_ledger (
      id bigserial,
      program_id uuid not null,
      member_id uuid not null,
      kind text not null check (kind in ('earn','redeem','expire','adjust','reverse','transfer')),
      points bigint not null,
      reason text not null,
      source text not null check (source in ('purchase','rule','admin','partner','system','member')),
      actor_type text not null,
      actor_id text,
      idempotency_key text,
      purchase_id uuid,
      partner_id uuid,
      counterpart_member_id uuid,
      details jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null,
      created_at timestamptz not null,
      primary key (program_id, id)
    );
    create unique index loyalty_ledger_idempotency_key on loyalty_ledger (program_id, idempotency_key)
      where idempotency_key is not null;
    create index loyalty_ledger_member_idx on loyalty_ledger (program_id, member_id, id desc);

    create table loyalty_lots (
      id bigserial,
      program_id uuid not null,
      member_id uuid not null,
      ledger_entry_id bigint not null,
      purchase_id uuid,
      points bigint not null check (points > 0),
      remaining bigint not null check (remaining >= 0 and remaining <= points),
      earned_at timestamptz not null,
      available_at timestamptz not null,
      expires_at timestamptz,
      matured boolean not null default false,
      warned_at timestamptz,
      primary key (program_id, id)
    );
    create index loyalty_lots_open_idx on loyalty_lots (program_id, member_id, earned_at, id) where remaining > 0;
    create index loyalty_lots_expiry_idx on loyalty_lots (program_id, expires_at) where remaining > 0;
    create index loyalty_lots_maturity_idx on loyalty_lots (program_id, available_at)
      where remaining > 0 and not matured;
    create index loyalty_lots_purchase_idx on loyalty_lots (program_id, purchase_id) where purchase_id is not null;

    create table loyalty_earning_rules (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      description text not null default '',
      active boolean not null default true,
      priority integer not null default 0,
      trigger text not null check (trigger in ('purchase','event')),
      event text,
      conditions jsonb not null default '{}'::jsonb,
      effect jsonb not null,
      stacking text not null default 'cumulative' check (stacking in ('cumulative','best_of')),
      caps jsonb not null default '{}'::jsonb,
      awarded_points bigint not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index loyalty_earning_rules_program_idx on loyalty_earning_rules (program_id) where deleted_at is null;

    -- Only awards of rules with per-member caps are kept here (the cap needs their history).
    create table loyalty_rule_awards (
      program_id uuid not null,
      rule_id uuid not null,
      member_id uuid not null,
      points bigint not null,
      local_day text not null,
      ledger_entry_id bigint not null,
      at timestamptz not null
    );
    create index loyalty_rule_awards_idx on loyalty_rule_awards (program_id, rule_id, member_id, local_day);

    create table loyalty_purchases (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null,
      order_id text not null,
      member_id uuid not null,
      payload_hash text not null,
      total bigint not null,
      currency text not null,
      channel text,
      store_id text,
      partner_id uuid,
      items jsonb not null default '[]'::jsonb,
      occurred_at timestamptz not null,
      points_earned bigint not null default 0,
      refunded_total bigint not null default 0,
      points_reversed bigint not null default 0,
      ledger_entry_id bigint,
      explanation jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      unique (program_id, order_id)
    );
    create index loyalty_purchases_member_idx on loyalty_purchases (program_id, member_id, occurred_at);

    create table loyalty_refunds (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null,
      purchase_id uuid not null references loyalty_purchases(id),
      refund_key text,
      amount bigint not null check (amount > 0),
      points_reversed bigint not null,
      points_unrecovered bigint not null,
      ledger_entry_id bigint,
      reason text,
      created_at timestamptz not null
    );
    create index loyalty_refunds_purchase_idx on loyalty_refunds (program_id, purchase_id);
    create unique index loyalty_refunds_key on loyalty_refunds (program_id, purchase_id, refund_key)
      where refund_key is not null;

    -- Outbox of domain events (tier changed, points expiring…) for journeys and webhooks to consume by id.
    create table loyalty_events (
      id bigserial,
      program_id uuid not null,
      member_id uuid not null,
      type text not null,
      payload jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null,
      primary key (program_id, id)
    );
    create index loyalty_events_member_idx on loyalty_events (program_id, member_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table loyalty_events, loyalty_refunds, loyalty_purchases, loyalty_rule_awards,
    loyalty_earning_rules, loyalty_lots, loyalty_ledger, loyalty_accounts, loyalty_tiers, loyalty_settings`.execute(
    db,
  );
}
