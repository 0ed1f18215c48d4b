// Campaign message rows: recorded all at once when a campaign starts (one per audience member, each with its
// variant or the reason it will not be sent), claimed in batches by the campaign's send slots, and closed one by
// one with their outcome. The campaigns module reaches these rows only through the functions here
// (docs/adr/campaign-messages.md). Content is not stored: it is rendered at send time from the campaign's variant.
import { sql, type RawBuilder } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvents, type NewEvent } from '../../platform/events/index.ts';
import type { MessageChannel, MessagePurpose, MessageStatus } from './tables.ts';

export const CAMPAIGN_KIND = 'campaign';

/**
 * The audience as SQL: one row per member with columns
 * `member_id uuid, to_address text (null: none), locale text, skip_reason text (null: eligible so far),
 * variant text (null: waits for the A/B winner), held_out boolean, not_before timestamptz`.
 */
export interface CampaignAudienceInput {
  programId: string;
  campaignId: string;
  channel: MessageChannel;
  purpose: MessagePurpose;
  audience: RawBuilder<unknown>;
}

export interface RecordedCampaign {
  recorded: number;
  queued: number;
}

const EMAIL_SQL = String.raw`^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$`;
const E164_SQL = String.raw`^\+[1-9][0-9]{6,14}$`;

/** `audience` and `classified` CTEs: each audience row with the reason it will not be sent (null: it will). */
export function classifiedAudience(input: CampaignAudienceInput) {
  const addressPattern = input.channel === 'email' ? EMAIL_SQL : E164_SQL;
  const suppressionReasons =
    input.purpose === 'service' ? sql`and s.reason in ('bounce','complaint')` : sql``;
  const address = input.channel === 'email' ? sql`lower(trim(a.to_address))` : sql`trim(a.to_address)`;
  return sql`audience as (${input.audience}),
    classified as (
      select a.member_id, coalesce(a.to_address, '') as to_address, a.locale, a.variant, a.not_before,
        case
          when a.skip_reason is not null then a.skip_reason
          when a.to_address is null or a.to_address !~ ${addressPattern} then 'invalid_address'
          when exists (select 1 from suppressions s where s.program_id = ${input.programId}
            and s.channel = ${input.channel} and s.address = ${address} ${suppressionReasons}) then 'suppressed'
          when a.held_out then 'holdout'
        end as reason
      from audience a
    )`;
}

/** How the audience would be recorded now, by reason (null: would be sent); nothing is written. */
export async function countCampaignAudience(
  db: Db,
  input: CampaignAudienceInput,
): Promise<{ reason: string | null; count: number }[]> {
  const result = await sql<{ reason: string | null; n: string }>`
    with ${classifiedAudience(input)}
    select reason, count(*) as n from classified group by reason`.execute(db);
  return result.rows.map((r) => ({ reason: r.reason, count: Number(r.n) }));
}

/**
 * Records the campaign's rows in one statement (run it in the caller's transaction). Precedence of the reasons:
 * the audience's own (no consent) → no valid address → a suppression of the address → the holdout group.
 * A second call for the same campaign records nothing new (one row per campaign and member).
 */
export async function recordCampaignMessages(
  db: Db,
  clock: Clock,
  input: CampaignAudienceInput,
): Promise<RecordedCampaign> {
  const now = clock.now();
  const result = await sql<{ recorded: string; queued: string }>`
    with ${classifiedAudience(input)},
    inserted as (
      insert into messages (program_id, member_id, channel, kind, purpose, to_address, locale, subject,
        text_body, status, reason, variant, not_before, campaign_id, created_at, updated_at)
      select ${input.programId}, c.member_id, ${input.channel}, ${CAMPAIGN_KIND}, ${input.purpose}, c.to_address,
        c.locale, null, '',
        case when c.reason is null then 'queued' when c.reason = 'suppressed' then 'suppressed' else 'skipped' end,
        c.reason, case when c.reason is null then c.variant end, c.not_before, ${input.campaignId},
        cast(${now} as timestamptz), cast(${now} as timestamptz)
      from classified c
      on conflict (campaign_id, member_id) where campaign_id is not null do nothing
      returning id, status, reason
    ),
    history as (
      insert into message_status_history (program_id, message_id, status, detail, at)
      select ${input.programId}, i.id, i.status, i.reason, cast(${now} as timestamptz) from inserted i
    )
    select count(*) as recorded, count(*) filter (where status = 'queued') as queued from inserted
  `.execute(db);
  const row = result.rows[0]!;
  return { recorded: Number(row.recorded), queued: Number(row.queued) };
}

export interface ClaimedCampaignMessage {
  id: string;
  memberId: string;
  to: string;
  locale: string | null;
  variant: string;
  attempts: number;
  /** True when this slot's previous run had it in flight (crashed): it may have reached the provider once. */
  resumed: boolean;
}

/** A due row offered to the claim's `hold` decision before it is claimed. */
export interface DueCampaignMessage {
  id: string;
  memberId: string;
  variant: string;
  attempts: number;
}

/** What `hold` does with a due row instead of sending it now (absent from its map: send now). */
export type CampaignHold =
  { status: 'deferred'; reason: string; until: Date } | { status: 'skipped'; reason: string };

export interface ClaimCampaignInput {
  campaignId: string;
  slot: string;
  limit: number;
  /**
   * Decides which due rows wait or are dropped, inside the claim's transaction (`trx`) while the rows are
   * locked: the contact-pressure policy, whose member locks then last until the claimed rows count as contacts.
   */
  hold?: (trx: Db, due: readonly DueCampaignMessage[]) => Promise<Map<string, CampaignHold>>;
  /**
   * Whether to take up rows this slot left 'sending' first (default true): the first claim of a run. A run that
   * claims its next batch while the previous one is still in flight passes false, or it would take those again.
   */
  resume?: boolean;
}

/**
 * Claims up to `limit` due rows for one send slot (queued with a variant, or deferred and due), FOR UPDATE SKIP
 * LOCKED so slots never share a row. Rows the same slot left 'sending' (its run crashed) come first, as they are.
 * The others are offered to `hold` first; those it holds back become deferred or skipped with their reason, in
 * the same transaction as the claim of the rest.
 */
export async function claimCampaignMessages(
  db: Db,
  clock: Clock,
  input: ClaimCampaignInput,
): Promise<ClaimedCampaignMessage[]> {
  const now = clock.now();
  const leftover =
    input.resume === false
      ? []
      : await db
          .selectFrom('messages')
          .select(['id', 'member_id', 'to_address', 'locale', 'variant', 'attempts'])
          .where('campaign_id', '=', input.campaignId)
          .where('status', '=', 'sending')
          .where('claimed_by', '=', input.slot)
          .limit(input.limit)
          .execute();
  const view = (resumed: boolean) => (r: (typeof leftover)[number]) => ({
    id: r.id,
    memberId: r.member_id!,
    to: r.to_address,
    locale: r.locale,
    variant: r.variant!,
    attempts: r.attempts,
    resumed,
  });
  if (leftover.length > 0) return leftover.map(view(true));
  return db.transaction().execute(async (trx) => {
    const due = await sql<{ id: string; member_id: string; variant: string; attempts: number }>`
      select id, member_id, variant, attempts from messages
      where campaign_id = ${input.campaignId} and variant is not null and status in ('queued', 'deferred')
        and (not_before is null or not_before <= cast(${now} as timestamptz))
      order by not_before nulls first, id
      limit ${input.limit}
      for update skip locked`.execute(trx);
    if (due.rows.length === 0) return [];
    const holds = input.hold
      ? await input.hold(
          trx,
          due.rows.map((r) => ({
            id: r.id,
            memberId: r.member_id,
            variant: r.variant,
            attempts: r.attempts,
          })),
        )
      : new Map<string, CampaignHold>();
    await holdCampaignMessages(trx, now, holds);
    const ids = due.rows.filter((r) => !holds.has(r.id)).map((r) => r.id);
    if (ids.length === 0) return [];
    const claimed = await sql<(typeof leftover)[number]>`
      update messages set status = 'sending', reason = null, claimed_by = ${input.slot},
        attempts = attempts + 1, sending_at = cast(${now} as timestamptz), updated_at = cast(${now} as timestamptz)
      where id in (${sql.join(ids.map((id) => sql`cast(${id} as uuid)`))})
      returning id, member_id, to_address, locale, variant, attempts`.execute(trx);
    return claimed.rows.map(view(false));
  });
}

async function holdCampaignMessages(
  trx: Db,
  now: Date,
  holds: ReadonlyMap<string, CampaignHold>,
): Promise<void> {
  if (holds.size === 0) return;
  const values = [...holds].map(
    ([id, h]) =>
      sql`(cast(${id} as uuid), ${h.status}, ${h.reason}, cast(${h.status === 'deferred' ? h.until : null} as timestamptz))`,
  );
  await sql`
    with v (id, status, reason, until) as (values ${sql.join(values)}),
    updated as (
      update messages m set status = v.status, reason = v.reason,
        not_before = coalesce(v.until, m.not_before), updated_at = cast(${now} as timestamptz)
      from v where m.id = v.id
      returning m.id, m.program_id, m.status, v.reason, v.until
    )
    insert into message_status_history (program_id, message_id, status, detail, at)
    select u.program_id, u.id, u.status,
      u.reason || coalesce(' until ' || to_char(u.until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
      cast(${now} as timestamptz)
    from updated u`.execute(trx);
}

export type CampaignOutcome =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'outbox' }
  /** Refused for good by the provider, or could not be rendered. */
  | { status: 'failed'; reason: string; error: string }
  /** Held back by the policy (or a transient provider refusal) until `until`. */
  | { status: 'deferred'; reason: string; until: Date; error?: string | undefined }
  | { status: 'skipped'; reason: string }
  | { status: 'suppressed'; reason: string };

/**
 * Closes claimed rows with their outcomes: one statement for the group (rows and their history together), and
 * a `message.sent` event for each row sent, in the same transaction (journeys and segments react to them).
 */
export async function recordCampaignOutcomes(
  db: Db,
  clock: Clock,
  programId: string,
  outcomes: readonly { id: string; outcome: CampaignOutcome }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  const now = clock.now();
  const values = outcomes.map(({ id, outcome: o }) => {
    const status: MessageStatus = o.status;
    const reason = 'reason' in o ? o.reason : null;
    const providerId = o.status === 'sent' ? o.providerMessageId : null;
    const error = o.status === 'failed' ? o.error : o.status === 'deferred' ? (o.error ?? null) : null;
    const until = o.status === 'deferred' ? o.until : null;
    return sql`(cast(${id} as uuid), ${status}, ${reason}, ${providerId}, ${error}, cast(${until} as timestamptz))`;
  });
  const write = async (trx: Db) => {
    const sent = await sql<{
      id: string;
      member_id: string | null;
      channel: MessageChannel;
      kind: string;
      purpose: MessagePurpose;
    }>`
      with v (id, status, reason, provider_id, error, until) as (values ${sql.join(values)}),
      updated as (
        update messages m set status = v.status, reason = v.reason, claimed_by = null,
          provider_message_id = coalesce(v.provider_id, m.provider_message_id),
          last_error = v.error, not_before = coalesce(v.until, m.not_before),
          sent_at = case when v.status = 'sent' then cast(${now} as timestamptz) else m.sent_at end,
          failed_at = case when v.status = 'failed' then cast(${now} as timestamptz) else m.failed_at end,
          updated_at = cast(${now} as timestamptz)
        from v where m.id = v.id and m.program_id = ${programId} and m.status = 'sending'
        returning m.id, m.status, v.reason, v.error, m.member_id, m.channel, m.kind, m.purpose
      ),
      history as (
        insert into message_status_history (program_id, message_id, status, detail, at)
        select ${programId}, u.id, u.status, coalesce(u.reason || coalesce(': ' || u.error, ''), u.error),
          cast(${now} as timestamptz)
        from updated u
      )
      select id, member_id, channel, kind, purpose from updated where status = 'sent'
    `.execute(trx);
    const events: NewEvent<'message.sent'>[] = sent.rows.map((r) => ({
      type: 'message.sent',
      programId,
      memberId: r.member_id,
      payload: { messageId: r.id, channel: r.channel, kind: r.kind, purpose: r.purpose },
    }));
    await publishEvents(trx, clock, events);
  };
  await (db.isTransaction ? write(db) : db.transaction().execute(write));
}

export interface CampaignMessageCount {
  status: MessageStatus;
  reason: string | null;
  /** Null for rows waiting for the A/B winner and for rows not sent before a variant was given. */
  variant: string | null;
  count: number;
}

/** The campaign's rows counted by status, reason and variant: the base of its state and its accounting. */
export async function campaignMessageCounts(
  db: Db,
  programId: string,
  campaignId: string,
): Promise<CampaignMessageCount[]> {
  const rows = await db
    .selectFrom('messages')
    .select(['status', 'reason', 'variant', (eb) => eb.fn.countAll<string>().as('n')])
    .where('program_id', '=', programId)
    .where('campaign_id', '=', campaignId)
    .groupBy(['status', 'reason', 'variant'])
    .execute();
  return rows.map((r) => ({ status: r.status, reason: r.reason, variant: r.variant, count: Number(r.n) }));
}

/** When the next deferred or scheduled row of the campaign is due (null: none waits). */
export async function nextCampaignMessageDue(db: Db, campaignId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.min('not_before').as('due'))
    .where('campaign_id', '=', campaignId)
    .where('status', 'in', ['queued', 'deferred'])
    .where('variant', 'is not', null)
    .executeTakeFirst();
  return row?.due ? new Date(row.due as Date) : null;
}

/** Gives every row still waiting for the A/B winner that variant; returns how many. */
export async function assignCampaignVariant(
  db: Db,
  clock: Clock,
  campaignId: string,
  variant: string,
): Promise<number> {
  const result = await db
    .updateTable('messages')
    .set({ variant, updated_at: clock.now() })
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'queued')
    .where('variant', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** Skips every row not yet claimed (cancel), with the reason; rows in flight finish as they will. */
export async function skipCampaignMessages(
  db: Db,
  clock: Clock,
  programId: string,
  campaignId: string,
  reason: string,
): Promise<number> {
  const now = clock.now();
  const result = await sql<{ n: string }>`
    with skipped as (
      update messages set status = 'skipped', reason = ${reason}, updated_at = cast(${now} as timestamptz)
      where program_id = ${programId} and campaign_id = ${campaignId} and status in ('queued', 'deferred')
      returning id
    ),
    history as (
      insert into message_status_history (program_id, message_id, status, detail, at)
      select ${programId}, id, 'skipped', ${reason}, cast(${now} as timestamptz) from skipped
    )
    select count(*) as n from skipped`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export interface MemberCampaignMessage {
  messageId: string;
  campaignId: string;
  status: MessageStatus;
  reason: string | null;
  variant: string | null;
  notBefore: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A member's campaign messages, newest first: what reached them and why the others did not. */
export async function memberCampaignMessages(
  db: Db,
  programId: string,
  memberId: string,
  options: { notSentOnly: boolean; limit: number },
): Promise<MemberCampaignMessage[]> {
  let q = db
    .selectFrom('messages')
    .select(['id', 'campaign_id', 'status', 'reason', 'variant', 'not_before', 'created_at', 'updated_at'])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('campaign_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.notSentOnly) q = q.where('status', 'in', ['deferred', 'skipped', 'suppressed', 'failed']);
  const rows = await q.execute();
  return rows.map((r) => ({
    messageId: r.id,
    campaignId: r.campaign_id!,
    status: r.status,
    reason: r.reason,
    variant: r.variant,
    notBefore: r.not_before,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** How many of the campaign's rows were handed to the provider since `since` (its own send rate). */
export async function campaignSentSince(db: Db, campaignId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('sent_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
