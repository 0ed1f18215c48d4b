import { sql, type Kysely } from 'kysely';

// Lists, tags, consent proof and member events. consent_records is append-only (a trigger refuses UPDATE):
// the current consent is the newest record per member × channel × purpose (view current_consents).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table lists (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references programs(id),
      name text not null,
      description text,
      show_in_preferences boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      archived_at timestamptz
    );
    create unique index lists_name_key on lists (program_id, name) where archived_at is null;

    create table list_members (
      program_id uuid not null,
      list_id uuid not null references lists(id),
      member_id uuid not null references members(id),
      status text not null check (status in ('subscribed','unsubscribed')),
      source text not null,
      source_ref text,
      subscribed_at timestamptz not null,
      unsubscribed_at timestamptz,
      primary key (list_id, member_id)
    );
    create index list_members_member_idx on list_members (program_id, member_id);

    create table member_tags (
      program_id uuid not null,
      member_id uuid not null references members(id),
      tag text not null,
      created_at timestamptz not null,
      primary key (program_id, member_id, tag)
    );
    create index member_tags_tag_idx on member_tags (program_id, tag);

    create table consent_records (
      id bigserial primary key,
      program_id uuid not null references programs(id),
      member_id uuid not null references members(id),
      channel text not null check (channel in ('email','sms','phone')),
      purpose text not null check (purpose in ('marketing','service')),
      status text not null check (status in ('granted','withdrawn')),
      source text not null,
      source_ref text,
      text_shown text,
      locale text,
      ip text,
      user_agent text,
      evidence jsonb not null default '{}'::jsonb,
      recorded_by text,
      recorded_at timestamptz not null
    );
    create index consent_records_member_idx
      on consent_records (program_id, member_id, channel, purpose, recorded_at desc, id desc);

    create function consent_records_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'consent_records is append-only: record a new consent instead of changing one'
        using errcode = '55000';
    end
    $$;
    create trigger consent_records_no_update before update on consent_records
      for each row execute function consent_records_append_only();

    create view current_consents as
      select distinct on (program_id, member_id, channel, purpose)
        program_id, member_id, channel, purpose, status, source, id as record_id, recorded_at
      from consent_records
      order by program_id, member_id, channel, purpose, recorded_at desc, id desc;

    create table member_events (
      id bigserial primary key,
      program_id uuid not null references programs(id),
      member_id uuid not null references members(id),
      type text not null,
      payload jsonb not null default '{}'::jsonb,
      occurred_at timestamptz not null
    );
    create index member_events_type_idx on member_events (program_id, type, id);
    create index member_events_member_idx on member_events (program_id, member_id, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table member_events;
    drop view current_consents;
    drop table consent_records;
    drop function consent_records_append_only();
    drop table member_tags;
    drop table list_members;
    drop table lists;
  `.execute(db);
}
