import { sql, type Kysely } from 'kysely';

// Recurring work (expiry sweeps, tier re-evaluation, …): one row per schedule; whichever worker moves
// next_run_at forward first enqueues that run, so N workers never run one slot twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job_schedules (
      name text primary key,
      type text not null,
      every_seconds integer not null check (every_seconds > 0),
      next_run_at timestamptz not null,
      last_run_at timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_schedules`.execute(db);
}
