import { sql, type Kysely } from 'kysely';

// Automatic rewards: rules as data ("when a member has earned N points / reaches a tier / their birthday month
// begins, give reward X") and what each rule gave. The issue's primary key is (rule, member, period): a second
// dispatcher, a repeated event or the daily sweep running at the same moment insert the same key, and the
// database lets exactly one of them through.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table reward_rules (
      id uuid not null default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      trigger text not null check (trigger in ('points_earned','tier_reached','birthday_month')),
      points integer check (points is null or points > 0),
      tier text,
      reward_id uuid not null,
      active boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (program_id, id),
      check ((trigger = 'points_earned') = (points is not null)),
      check ((trigger = 'tier_reached') = (tier is not null))
    );
    create index reward_rules_trigger_idx on reward_rules (program_id, trigger) where active;
    create table reward_rule_issues (
      program_id uuid not null,
      rule_id uuid not null,
      member_id uuid not null,
      -- 'once' for points and tiers; the local year ('2026') for birthday months.
      period text not null,
      status text not null check (status in ('issued','skipped')),
      reason text,
      coupon_id uuid,
      event_id bigint,
      at timestamptz not null,
      primary key (program_id, rule_id, member_id, period),
      foreign key (program_id, rule_id) references reward_rules (program_id, id)
    );
    create index reward_rule_issues_recent_idx on reward_rule_issues (program_id, rule_id, at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table reward_rule_issues; drop table reward_rules`.execute(db);
}
