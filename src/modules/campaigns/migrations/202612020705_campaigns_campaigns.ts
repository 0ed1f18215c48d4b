import { sql, type Kysely } from 'kysely';

// A campaign is its settings plus a few control facts (launched, paused, cancelled, the A/B winner); what it is
// doing is derived from its message rows (messaging), never stored (docs/adr/campaign-messages.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table campaigns (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      channel text not null check (channel in ('email','sms')),
      purpose text not null default 'marketing' check (purpose in ('marketing')),
      audience jsonb not null,
      variants jsonb not null,
      test_share_bp integer not null default 0 check (test_share_bp between 0 and 10000),
      winner_metric text not null default 'open' check (winner_metric in ('open','click','conversion')),
      winner_delay_minutes integer check (winner_delay_minutes is null or winner_delay_minutes > 0),
      holdout_bp integer not null default 0 check (holdout_bp between 0 and 5000),
      attribution_days integer not null default 5 check (attribution_days between 1 and 90),
      on_exceed text not null default 'defer' check (on_exceed in ('defer','drop')),
      schedule jsonb not null,
      launched_at timestamptz,
      launched_by text,
      recorded_at timestamptz,
      audience_size integer,
      paused_at timestamptz,
      cancelled_at timestamptz,
      test_done_at timestamptz,
      winner_variant text,
      winner_source text check (winner_source in ('auto','manual')),
      winner_picked_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz
    );
    create index campaigns_program_idx on campaigns (program_id, created_at desc, id desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table campaigns`.execute(db);
}
