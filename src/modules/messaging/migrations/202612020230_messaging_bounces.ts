import { sql, type Kysely } from 'kysely';

// Bounces and complaints: one row per reported recipient with the parsed fields as evidence, the decision
// taken, and the link from a suppression to the report that caused it. Messages get the statuses a report
// gives them. The soft-bounce policy is a per-program setting.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bounce_events (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      received_at timestamptz not null,
      source text not null check (source in ('smtp','http','ses','webhook')),
      fingerprint text not null,
      type text not null check (type in ('bounce','complaint','auto_reply','not_a_report')),
      severity text check (severity in ('hard','soft','none')),
      reason text,
      address text,
      message_id uuid references messages(id),
      member_id uuid references members(id),
      status_code text,
      smtp_code integer,
      diagnostic text,
      format text,
      reporting_mta text,
      remote_mta text,
      original_message_id text,
      feedback_type text,
      decision text not null
        check (decision in ('suppressed','counted','unsubscribed','ignored','already_suppressed')),
      decision_detail text,
      evidence jsonb not null,
      unique (program_id, fingerprint)
    );
    create index bounce_events_address_idx on bounce_events (program_id, address, received_at desc);
    create index bounce_events_page_idx on bounce_events (program_id, received_at desc, id desc);
    create index bounce_events_message_idx on bounce_events (message_id);

    alter table suppressions add column evidence_id uuid references bounce_events(id);

    alter table messages drop constraint messages_status_check;
    alter table messages add constraint messages_status_check
      check (status in ('queued','sending','sent','failed','outbox','suppressed','bounced','complained'));

    create table bounce_settings (
      program_id uuid primary key references programs(id),
      soft_bounce_limit integer not null check (soft_bounce_limit between 1 and 100),
      soft_bounce_window_days integer not null check (soft_bounce_window_days between 1 and 365),
      updated_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table bounce_settings;
    alter table suppressions drop column evidence_id;
    drop table bounce_events;
  `.execute(db);
}
