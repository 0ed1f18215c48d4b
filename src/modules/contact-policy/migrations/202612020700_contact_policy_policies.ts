import { sql, type Kysely } from 'kysely';

// One contact-pressure policy per program (docs/contact-policy.md); a program without a row holds nothing back.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table contact_policies (
      program_id uuid primary key references programs(id),
      max_per_day integer check (max_per_day > 0),
      max_per_week integer check (max_per_week > 0),
      max_per_month integer check (max_per_month > 0),
      quiet_start text check (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      quiet_end text check (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      rest_days text[] not null default '{}'
        check (rest_days <@ array['shabbat','jewish_holidays','friday']::text[]),
      on_exceed text not null default 'defer' check (on_exceed in ('defer','drop')),
      updated_at timestamptz not null,
      check ((quiet_start is null) = (quiet_end is null))
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table contact_policies`.execute(db);
}
