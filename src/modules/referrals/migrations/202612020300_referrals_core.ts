import { sql, type Kysely } from 'kysely';

// Member gets member: each member's referral code, the referrals it brought (joined, qualified, blocked with
// a reason, expired), what each side was paid (once per side: a unique key), the signals the abuse checks
// compare (device ids and network addresses, hashed) and the program's referral settings. Keys start with
// program_id (Citus-ready).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referral_settings (
      program_id uuid primary key references programs(id),
      enabled boolean not null default true,
      form_id uuid,
      referrer_points bigint not null default 0 check (referrer_points >= 0),
      referee_points bigint not null default 0 check (referee_points >= 0),
      referrer_reward_id uuid,
      referee_reward_id uuid,
      min_purchase bigint not null default 0 check (min_purchase >= 0),
      qualify_within_days integer not null default 30 check (qualify_within_days between 1 and 3660),
      referrer_cap integer check (referrer_cap > 0),
      cap_period text check (cap_period in ('day','week','month','year')),
      block_same_network boolean not null default true,
      monthly_target integer check (monthly_target > 0),
      ambassador_after integer check (ambassador_after > 0),
      ambassador_points bigint not null default 0 check (ambassador_points >= 0),
      updated_at timestamptz not null,
      check ((referrer_cap is null) = (cap_period is null))
    );

    create table referral_codes (
      program_id uuid not null references programs(id),
      member_id uuid not null,
      code text not null,
      visits bigint not null default 0,
      created_at timestamptz not null,
      primary key (program_id, member_id),
      unique (program_id, code)
    );
    -- /r/{code} names no program: codes are drawn unique across programs and found by this index.
    create index referral_codes_code_idx on referral_codes (code);

    create table referrals (
      id uuid not null default gen_random_uuid(),
      program_id uuid not null references programs(id),
      referrer_id uuid not null,
      referee_id uuid not null,
      code text,
      status text not null check (status in ('joined','qualified','blocked','expired')),
      block_reason text,
      joined_at timestamptz not null,
      qualify_by timestamptz not null,
      qualified_at timestamptz,
      order_id text,
      order_total bigint,
      primary key (program_id, id),
      unique (program_id, referee_id),
      check ((status = 'blocked') = (block_reason is not null))
    );
    create index referrals_referrer_idx on referrals (program_id, referrer_id, joined_at);
    create index referrals_pending_idx on referrals (program_id, qualify_by) where status = 'joined';
    create index referrals_qualified_idx on referrals (program_id, qualified_at) where status = 'qualified';

    create table referral_payouts (
      id bigserial,
      program_id uuid not null,
      referral_id uuid,
      member_id uuid not null,
      side text not null check (side in ('referrer','referee','ambassador')),
      status text not null check (status in ('paid','blocked')),
      reason text,
      points bigint not null default 0,
      ledger_entry_id bigint,
      coupon_id uuid,
      at timestamptz not null,
      primary key (program_id, id)
    );
    -- Each side of a referral is paid once, and a member becomes an ambassador once.
    create unique index referral_payouts_once_idx on referral_payouts (program_id, referral_id, side)
      where referral_id is not null;
    create unique index referral_payouts_ambassador_idx on referral_payouts (program_id, member_id)
      where side = 'ambassador';
    create index referral_payouts_member_idx on referral_payouts (program_id, member_id, at);

    create table referral_signals (
      program_id uuid not null,
      member_id uuid not null,
      kind text not null check (kind in ('device','network','payment')),
      value_hash text not null,
      seen_at timestamptz not null,
      primary key (program_id, member_id, kind, value_hash)
    );
    create index referral_signals_value_idx on referral_signals (program_id, kind, value_hash);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table referral_signals, referral_payouts, referrals, referral_codes, referral_settings`.execute(
    db,
  );
}
