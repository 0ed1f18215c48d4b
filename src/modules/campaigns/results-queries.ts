// A campaign's results counted in one SQL aggregate: its message rows (messaging) with their opens, clicks and
// bounce reports, and its members' purchases (loyalty), points (loyalty), coupon redemptions (rewards) and
// unsubscribes (membership), each owner's facts composed as a query builder (platform/db/report-facts.ts).
// The arithmetic on these counts is stats/report.ts's.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { pointsEarnedFacts, purchaseFacts } from '../loyalty/index.ts';
import { unsubscribeFacts } from '../membership/index.ts';
import { bounceFacts, campaignMessageFacts, clickFacts, openFacts } from '../messaging/index.ts';
import { couponRedemptionFacts } from '../rewards/index.ts';
import type { GroupCountsRow } from './stats/report.ts';
import type { BucketSize, SeriesPoint } from './stats/series.ts';
import type { CampaignChannel } from './tables.ts';

export interface ResultsWindow {
  programId: string;
  campaignId: string;
  channel: CampaignChannel;
  currency: string;
  attributionDays: number;
  /** When the rows were recorded: the reference time of rows not sent (the holdout). */
  from: Date;
  /** Now (exclusive): nothing later is counted. */
  until: Date;
}

/** The window a campaign's results are counted in: from when its rows were recorded until now. */
export function resultsWindowOf(
  campaign: { programId: string; id: string; channel: CampaignChannel; attributionDays: number },
  recordedAt: Date | null,
  currency: string,
  now: Date,
): ResultsWindow {
  return {
    programId: campaign.programId,
    campaignId: campaign.id,
    channel: campaign.channel,
    currency,
    attributionDays: campaign.attributionDays,
    from: recordedAt ?? now,
    until: new Date(now.getTime() + 1),
  };
}

const SENT = sql`('sent', 'outbox', 'delivered', 'bounced', 'complained')`;

/**
 * `per`: one row per campaign message with its group (variant, 'holdout', or null), whether it was sent, its
 * reference time (sent, or recorded for rows not sent), the first human open and click, bounce flags; and
 * `purchases`, the members' purchases in the window.
 */
function perMessage(db: Db, w: ResultsWindow): RawBuilder<unknown> {
  const rows = campaignMessageFacts(db, w.programId, w.campaignId);
  const messages = db.selectFrom(rows.as('cm')).select('cm.message_id');
  const members = db.selectFrom(rows.as('cm')).select('cm.member_id');
  const window = { programId: w.programId, members, from: w.from, until: w.until };
  return sql`cm as (${rows}),
    opens as (
      select message_id, min(at) filter (where not machine) as human_at,
        count(*) filter (where machine) as machine_n
      from (${openFacts(db, w.programId, messages)}) o group by message_id),
    clicks as (
      select message_id, min(at) filter (where not machine) as human_at
      from (${clickFacts(db, w.programId, messages)}) c group by message_id),
    bounces as (
      select message_id, bool_or(type = 'bounce' and severity = 'hard') as hard,
        bool_or(type = 'bounce' and severity is distinct from 'hard') as soft,
        bool_or(type = 'complaint') as complaint
      from (${bounceFacts(db, w.programId, messages)}) b group by message_id),
    purchases as (${purchaseFacts(db, { ...window, currency: w.currency })}),
    per as (
      select cm.message_id, cm.member_id, cm.status,
        case when cm.reason = 'holdout' then 'holdout' else cm.variant end as grp,
        cm.status in ${SENT} as is_sent,
        coalesce(cm.sent_at, cast(${w.from} as timestamptz)) as ref_at,
        o.human_at as open_at, c.human_at as click_at, least(o.human_at, c.human_at) as engaged_at,
        coalesce(o.machine_n, 0) as machine_n,
        coalesce(b.hard, false) as hard, coalesce(b.soft, false) as soft,
        coalesce(b.complaint, false) or cm.status = 'complained' as complaint
      from cm
      left join opens o on o.message_id = cm.message_id
      left join clicks c on c.message_id = cm.message_id
      left join bounces b on b.message_id = cm.message_id)`;
}

const days = (n: number) => sql`(cast(${n} as integer) * interval '1 day')`;

/** Counts per group (variant, holdout, rows without a variant) as stats/report.ts's GroupCountsRow. */
export async function campaignGroupCounts(db: Db, w: ResultsWindow): Promise<GroupCountsRow[]> {
  const rows = campaignMessageFacts(db, w.programId, w.campaignId);
  const members = db.selectFrom(rows.as('cm')).select('cm.member_id');
  const window = { programId: w.programId, members, from: w.from, until: w.until };
  const within = (at: RawBuilder<unknown>) =>
    sql`${at} >= p.ref_at and ${at} < p.ref_at + ${days(w.attributionDays)}`;
  const result = await sql<Record<string, string | number | null>>`
    with ${perMessage(db, w)},
    points as (${pointsEarnedFacts(db, window)}),
    redemptions as (${couponRedemptionFacts(db, window)}),
    unsubscribes as (${unsubscribeFacts(db, { ...window, channel: w.channel })}),
    money as (
      select p.message_id,
        count(*) filter (where p.engaged_at is not null and pu.at >= p.engaged_at
          and pu.at < p.engaged_at + ${days(w.attributionDays)}) as orders,
        coalesce(sum(pu.amount) filter (where p.engaged_at is not null and pu.at >= p.engaged_at
          and pu.at < p.engaged_at + ${days(w.attributionDays)}), 0) as revenue,
        count(*) filter (where ${within(sql`pu.at`)}) as ref_orders,
        coalesce(sum(pu.amount) filter (where ${within(sql`pu.at`)}), 0) as spend
      from per p join purchases pu on pu.member_id = p.member_id
      group by p.message_id),
    extra as (
      select p.message_id,
        (select coalesce(sum(pe.points), 0) from points pe
          where pe.member_id = p.member_id and ${within(sql`pe.at`)}) as points,
        (select count(*) from redemptions rd
          where rd.member_id = p.member_id and ${within(sql`rd.at`)}) as redeemed,
        exists (select 1 from unsubscribes u
          where u.member_id = p.member_id and ${within(sql`u.at`)}) as unsubscribed
      from per p where p.is_sent)
    select p.grp,
      count(*) as audience,
      count(*) filter (where p.is_sent) as sent,
      count(*) filter (where p.is_sent and not p.hard and not p.soft and p.status <> 'bounced') as delivered,
      count(*) filter (where p.is_sent and p.hard) as hard_bounced,
      count(*) filter (where p.is_sent and p.soft and not p.hard) as soft_bounced,
      count(*) filter (where p.is_sent and p.engaged_at is not null) as opened,
      count(*) filter (where p.is_sent and p.engaged_at is null and p.machine_n > 0) as machine_only_opened,
      coalesce(sum(p.machine_n), 0) as machine_opens,
      count(*) filter (where p.is_sent and p.click_at is not null) as clicked,
      count(*) filter (where e.unsubscribed) as unsubscribed,
      count(*) filter (where p.is_sent and p.complaint) as complained,
      count(*) filter (where p.is_sent and m.orders > 0) as conversions,
      coalesce(sum(m.orders) filter (where p.is_sent), 0) as orders,
      coalesce(sum(m.revenue) filter (where p.is_sent), 0) as revenue,
      count(*) filter (where (p.is_sent or p.grp = 'holdout') and m.ref_orders > 0) as purchasers,
      coalesce(sum(m.spend) filter (where p.is_sent or p.grp = 'holdout'), 0) as spend,
      coalesce(sum(cast(m.spend as numeric) * m.spend) filter (where p.is_sent or p.grp = 'holdout'), 0)
        as spend_squares,
      coalesce(sum(e.points), 0) as points_earned,
      coalesce(sum(e.redeemed), 0) as rewards_redeemed
    from per p
    left join money m on m.message_id = p.message_id
    left join extra e on e.message_id = p.message_id
    group by p.grp
    order by p.grp nulls last`.execute(db);
  return result.rows.map((r) => {
    const out: Record<string, string | number | null> = { grp: r.grp ?? null };
    for (const [k, v] of Object.entries(r)) if (k !== 'grp') out[k] = Number(v ?? 0);
    return out as unknown as GroupCountsRow;
  });
}

export interface LinkClicks {
  variant: string | null;
  linkIndex: number;
  url: string;
  /** Human clicks in all. */
  clicks: number;
  /** Recipients who clicked it. */
  clickers: number;
}

/** Human clicks per link and variant: the click map. */
export async function campaignLinkClicks(db: Db, w: ResultsWindow): Promise<LinkClicks[]> {
  const rows = campaignMessageFacts(db, w.programId, w.campaignId);
  const messages = db.selectFrom(rows.as('cm')).select('cm.message_id');
  const result = await sql<{ variant: string | null; link_index: number; url: string; n: string; m: string }>`
    select cm.variant, c.link_index, c.url, count(*) as n, count(distinct c.message_id) as m
    from (${clickFacts(db, w.programId, messages)}) c
    join (${rows}) cm on cm.message_id = c.message_id
    where not c.machine
    group by cm.variant, c.link_index, c.url
    order by cm.variant nulls last, c.link_index, c.url`.execute(db);
  return result.rows.map((r) => ({
    variant: r.variant,
    linkIndex: Number(r.link_index),
    url: r.url,
    clicks: Number(r.n),
    clickers: Number(r.m),
  }));
}

const BUCKET_FORMAT: Record<BucketSize, string> = { hour: 'YYYY-MM-DD"T"HH24:00', day: 'YYYY-MM-DD' };

/**
 * What happened in each local hour or day, per group: sends, first human opens and clicks, unsubscribes,
 * and attributed revenue (at the purchase's time).
 */
export async function campaignSeriesRows(
  db: Db,
  w: ResultsWindow & { timeZone: string; bucket: BucketSize },
): Promise<(SeriesPoint & { bucket: string; group: string })[]> {
  const rows = campaignMessageFacts(db, w.programId, w.campaignId);
  const members = db.selectFrom(rows.as('cm')).select('cm.member_id');
  const window = { programId: w.programId, members, from: w.from, until: w.until };
  const result = await sql<{ grp: string; bucket: string; kind: string; n: string }>`
    with ${perMessage(db, w)},
    unsubscribes as (${unsubscribeFacts(db, { ...window, channel: w.channel })}),
    events as (
      select grp, cast('sent' as text) as kind, ref_at as at, 1 as n from per where is_sent
      union all select grp, 'opened', engaged_at, 1 from per where is_sent and engaged_at is not null
      union all select grp, 'clicked', click_at, 1 from per where is_sent and click_at is not null
      union all
        select p.grp, 'unsubscribed', min(u.at), 1 from per p
        join unsubscribes u on u.member_id = p.member_id and u.at >= p.ref_at
          and u.at < p.ref_at + ${days(w.attributionDays)}
        where p.is_sent group by p.message_id, p.grp
      union all
        select p.grp, 'revenue', pu.at, pu.amount from per p
        join purchases pu on pu.member_id = p.member_id and pu.at >= p.engaged_at
          and pu.at < p.engaged_at + ${days(w.attributionDays)}
        where p.is_sent and p.engaged_at is not null
    )
    select grp, to_char(at at time zone ${w.timeZone}, ${BUCKET_FORMAT[w.bucket]}) as bucket, kind,
      sum(n) as n
    from events where grp is not null and at >= cast(${w.from} as timestamptz)
      and at < cast(${w.until} as timestamptz)
    group by 1, 2, 3`.execute(db);
  const points = new Map<string, SeriesPoint & { bucket: string; group: string }>();
  for (const r of result.rows) {
    const key = `${r.grp}\u0000${r.bucket}`;
    const p = points.get(key) ?? {
      group: r.grp,
      bucket: r.bucket,
      sent: 0,
      opened: 0,
      clicked: 0,
      unsubscribed: 0,
      revenue: 0,
    };
    p[r.kind as keyof SeriesPoint] += Number(r.n);
    points.set(key, p);
  }
  return [...points.values()];
}
