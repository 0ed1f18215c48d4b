import { sql, type Kysely } from 'kysely';

// One row per send, written before the send is attempted; a job keyed by the message id does the send,
// so a crash anywhere resumes from the row without losing or duplicating the message.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table messages (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      member_id uuid references members(id),
      channel text not null check (channel in ('email','sms')),
      kind text not null,
      purpose text not null check (purpose in ('marketing','service')),
      to_address text not null,
      locale text,
      subject text,
      text_body text not null,
      html_body text,
      unsubscribe_url text,
      status text not null default 'queued'
        check (status in ('queued','sending','sent','failed','outbox','suppressed')),
      attempts integer not null default 0,
      provider_message_id text,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sending_at timestamptz,
      sent_at timestamptz,
      failed_at timestamptz
    );
    create index messages_page_idx on messages (program_id, created_at desc, id desc);
    create index messages_member_idx on messages (program_id, member_id, created_at desc);

    create table message_status_history (
      id bigserial primary key,
      program_id uuid not null,
      message_id uuid not null references messages(id),
      status text not null,
      detail text,
      at timestamptz not null
    );
    create index message_status_history_message_idx on message_status_history (message_id, id);

    create table suppressions (
      program_id uuid not null references programs(id),
      channel text not null check (channel in ('email','sms')),
      address text not null,
      reason text not null check (reason in ('unsubscribe','bounce','complaint','manual')),
      source text,
      created_at timestamptz not null default now(),
      primary key (program_id, channel, address)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table message_status_history; drop table messages; drop table suppressions;`.execute(db);
}
