import { sql, type Kysely } from 'kysely';

// consent_records stays append-only with one exception, for GDPR erasure: an UPDATE may empty the IP and
// user agent and drop keys from the evidence (the confirmation IP and browser), nothing else. Status, time,
// source, reference and the text shown — the proof — cannot change.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function consent_records_append_only() returns trigger language plpgsql as $$
    begin
      if (new.id, new.program_id, new.member_id, new.channel, new.purpose, new.status, new.source,
          new.source_ref, new.text_shown, new.locale, new.recorded_by, new.recorded_at)
         is not distinct from
         (old.id, old.program_id, old.member_id, old.channel, old.purpose, old.status, old.source,
          old.source_ref, old.text_shown, old.locale, old.recorded_by, old.recorded_at)
         and (new.ip is null or new.ip is not distinct from old.ip)
         and (new.user_agent is null or new.user_agent is not distinct from old.user_agent)
         and old.evidence @> new.evidence
      then
        return new;
      end if;
      raise exception 'consent_records is append-only: record a new consent instead of changing one'
        using errcode = '55000';
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function consent_records_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'consent_records is append-only: record a new consent instead of changing one'
        using errcode = '55000';
    end
    $$;
  `.execute(db);
}
