import { sql, type Kysely } from 'kysely';

// Campaign messages are message rows like any other (so bounces, tracking, the member's history and the
// contact-pressure policy see them), recorded all at once when a campaign starts, before anything is sent
// (docs/adr/campaign-messages.md). A row names its campaign and A/B variant (null: waits for the winner); a row
// not sent says why (reason); 'deferred' rows wait for not_before; 'skipped' rows are never sent (no consent,
// no address, held out, dropped by the policy, cancelled). claimed_by names the send slot holding a 'sending'
// row, so the slot's next run knows which rows its crashed predecessor left in flight.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table messages add column campaign_id uuid;
    alter table messages add column variant text;
    alter table messages add column reason text;
    alter table messages add column not_before timestamptz;
    alter table messages add column claimed_by text;
    alter table messages alter column text_body set default '';

    alter table messages drop constraint messages_status_check;
    alter table messages add constraint messages_status_check
      check (status in ('queued','sending','sent','failed','outbox','suppressed','bounced','complained','delivered',
        'deferred','skipped'));

    create index messages_campaign_idx on messages (campaign_id, status) where campaign_id is not null;
    create unique index messages_campaign_member_idx on messages (campaign_id, member_id)
      where campaign_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index messages_campaign_member_idx;
    drop index messages_campaign_idx;
    alter table messages drop column claimed_by;
    alter table messages drop column not_before;
    alter table messages drop column reason;
    alter table messages drop column variant;
    alter table messages drop column campaign_id;
  `.execute(db);
}
