import { sql, type Kysely } from 'kysely';

// SMS providers per program (outbox until one is chosen), the price of one SMS part for the estimate, and the
// 'delivered' status that delivery receipts give a message.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sms_settings (
      program_id uuid primary key references programs(id),
      provider text not null check (provider in ('outbox','webhook','twilio')),
      sender text,
      webhook_url text,
      twilio_account_sid text,
      twilio_auth_token_sealed text,
      api_base_url text,
      cost_per_segment_minor integer not null default 0 check (cost_per_segment_minor >= 0),
      updated_at timestamptz not null
    );

    alter table messages drop constraint messages_status_check;
    alter table messages add constraint messages_status_check
      check (status in ('queued','sending','sent','failed','outbox','suppressed','bounced','complained','delivered'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sms_settings`.execute(db);
}
