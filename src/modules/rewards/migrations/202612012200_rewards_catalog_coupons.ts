import { sql, type Kysely } from 'kysely';

// The rewards catalog, the coupons it issues and each coupon's history. Every table carries program_id and
// its keys start with it (Citus-ready). Stock and gift-card balances have check constraints as a last line
// behind the conditional updates that keep them from going below zero.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rewards_settings (
      program_id uuid primary key references programs(id),
      on_cancel text not null default 'refund' check (on_cancel in ('refund','forfeit')),
      on_expiry text not null default 'forfeit' check (on_expiry in ('refund','forfeit')),
      undo_window_minutes integer not null default 30 check (undo_window_minutes between 0 and 10080),
      updated_at timestamptz not null
    );

    create table rewards (
      id uuid not null default gen_random_uuid(),
      program_id uuid not null references programs(id),
      kind text not null check (kind in ('percentage_discount','fixed_discount','gift_card','free_shipping',
        'free_product','early_access','partner_product','donation')),
      cost_points bigint not null check (cost_points >= 0),
      free_from_tier text,
      stock_total bigint check (stock_total >= 0),
      stock_left bigint check (stock_left >= 0),
      per_member_limit integer check (per_member_limit > 0),
      period_limit integer check (period_limit > 0),
      limit_period text check (limit_period in ('day','week','month','year')),
      min_tier text,
      valid_from timestamptz,
      valid_until timestamptz,
      coupon_valid_days integer check (coupon_valid_days between 1 and 3660),
      texts jsonb not null,
      image_url text,
      active boolean not null default true,
      sort_order integer not null default 0,
      business_cost bigint not null default 0 check (business_cost >= 0),
      effect jsonb not null default '{}'::jsonb,
      conditions jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (program_id, id),
      check ((period_limit is null) = (limit_period is null))
    );
    create index rewards_catalog_idx on rewards (program_id, active, sort_order);

    create table coupons (
      id uuid not null default gen_random_uuid(),
      program_id uuid not null references programs(id),
      code text not null,
      display_code text not null,
      source text not null check (source in ('reward','campaign','automatic','import')),
      reward_id uuid,
      campaign_id uuid,
      member_id uuid,
      kind text not null,
      effect jsonb not null default '{}'::jsonb,
      conditions jsonb not null default '{}'::jsonb,
      status text not null default 'active' check (status in ('active','redeemed','cancelled','expired')),
      points_spent bigint not null default 0 check (points_spent >= 0),
      ledger_entry_id bigint,
      balance bigint check (balance >= 0),
      initial_value bigint,
      issued_at timestamptz not null,
      expires_at timestamptz,
      redeemed_at timestamptz,
      redeemed_order_id text,
      redeemed_store_id text,
      redeemed_channel text,
      closed_at timestamptz,
      primary key (program_id, id),
      unique (program_id, code)
    );
    create index coupons_member_idx on coupons (program_id, member_id, issued_at desc) where member_id is not null;
    create index coupons_reward_member_idx on coupons (program_id, reward_id, member_id, issued_at)
      where reward_id is not null;
    create index coupons_expiry_idx on coupons (program_id, expires_at) where status = 'active';

    create table coupon_events (
      id bigserial,
      program_id uuid not null,
      coupon_id uuid not null,
      type text not null check (type in ('issued','redeemed','spent','undone','cancelled','expired','topped_up')),
      amount bigint,
      balance_after bigint,
      order_id text,
      store_id text,
      channel text,
      partner_id text,
      points bigint,
      ledger_entry_id bigint,
      actor_type text not null,
      actor_id text,
      details jsonb not null default '{}'::jsonb,
      undone_at timestamptz,
      at timestamptz not null,
      primary key (program_id, id)
    );
    create index coupon_events_coupon_idx on coupon_events (program_id, coupon_id, id);
    -- One use per order and coupon: a till retrying the same order gets the first answer back.
    create unique index coupon_events_order_idx on coupon_events (program_id, coupon_id, order_id)
      where type in ('redeemed','spent') and undone_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table coupon_events, coupons, rewards, rewards_settings`.execute(db);
}
