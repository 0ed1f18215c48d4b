import { sql, type Kysely } from 'kysely';

// Coupon batches: codes made in bulk for a reward (a campaign's codes, handed out later, not tied to a member)
// by a background job, or imported from another system. The job commits each chunk of codes together with
// the batch's `generated` counter, so a killed job resumes after the last committed chunk without duplicates.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table coupon_batches (
      id uuid not null default gen_random_uuid(),
      program_id uuid not null references programs(id),
      reward_id uuid not null,
      name text not null,
      -- What every code of the batch gives: the reward's settings when the batch was made.
      kind text not null,
      effect jsonb not null default '{}'::jsonb,
      conditions jsonb not null default '{}'::jsonb,
      prefix text not null default '',
      code_length integer not null check (code_length between 4 and 64),
      requested integer not null check (requested between 0 and 1000000),
      generated integer not null default 0 check (generated >= 0 and generated <= requested),
      imported integer not null default 0 check (imported >= 0),
      status text not null check (status in ('generating','ready','failed')),
      expires_at timestamptz,
      failure text,
      created_at timestamptz not null,
      finished_at timestamptz,
      primary key (program_id, id)
    );
    create index coupon_batches_list_idx on coupon_batches (program_id, created_at desc);
    create index coupons_campaign_idx on coupons (program_id, campaign_id, code) where campaign_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index coupons_campaign_idx; drop table coupon_batches`.execute(db);
}
