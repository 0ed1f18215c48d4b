// Campaign benchmark: a Hebrew newsletter (MJML + Liquid, personalised with the member's name, points and tier,
// their own unsubscribe link, the footer) to BENCH_RECIPIENTS (100,000) consented members on a list, sent by a
// job worker the way `moadon worker` sends it — rows recorded, the contact-pressure policy, rendering, tracking,
// VERP, List-Unsubscribe, outcomes written back — to a local SMTP sink (smtp-server, in a process of its own).
// Next to it, in the same run and to the same sink: a raw nodemailer pool (as many connections as the campaign's
// transport) sending one pre-rendered message of the same campaign BENCH_RAW (the recipient count) times.
// Value: campaign messages per second, from launch to the last row closed; limit: the raw pool's rate (best of
// its two runs, one before and one after the campaign); ratio = value ÷ limit (target ≥ 0.8 and ≥ 2,000/s).
// The sink must have received each campaign message exactly once. Needs PostgreSQL (BENCH_DATABASE_URL).
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import { clubJobs, migrateClub } from '../src/app/index.ts';
import { SYSTEM_ACTOR } from '../src/modules/audit/index.ts';
import { campaignAccounting, getCampaign, launchCampaign } from '../src/modules/campaigns/index.ts';
import { createCampaign } from '../src/modules/campaigns/service.ts';
import {
  closeSmtpTransports,
  htmlDocument,
  memberForRender,
  renderForMember,
} from '../src/modules/messaging/index.ts';
import { createTemplate, getTemplate, programFacts } from '../src/modules/messaging/templates/service.ts';
import { updateSenderProfile } from '../src/modules/messaging/templates/service.ts';
import { listUnsubscribeHeaders } from '../src/modules/messaging/channels/smtp.ts';
import { createProgram } from '../src/modules/programs/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { Worker } from '../src/platform/jobs/index.ts';
import { adminQuery, dbUrl } from './pgbench.ts';
import { startSmtpSink } from './smtp-sink.ts';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS || 100_000);
const RAW = Number(process.env.BENCH_RAW || RECIPIENTS);
/** The installation transport's pool (SMTP_URL): the raw side gets as many connections. */
const POOL = 5;
const log = (line: string) => console.error(`[campaign] ${line}`);
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

const body = `<mjml>
<mj-head><mj-attributes><mj-all font-family="Arial, sans-serif" /></mj-attributes></mj-head>
<mj-body background-color="#f4f4f4">
  <mj-section background-color="#1a56db"><mj-column>
    <mj-text color="#ffffff" font-size="22px">שלום {{ member.first_name | default: "חבר/ה" }}!</mj-text>
  </mj-column></mj-section>
  <mj-section background-color="#ffffff"><mj-column>
    <mj-text font-size="16px">יש לך {{ points.balance | number }} נקודות בדרגת {{ member.tier_name }}.</mj-text>
    <mj-button background-color="#1a56db" href="https://shop.example/sale">למבצע הקיץ</mj-button>
    <mj-text><a href="{{ links.preferences }}">העדפות דיוור</a></mj-text>
  </mj-column></mj-section>
</mj-body>
</mjml>`;

async function main() {
  const dbName = `moadon_bench_campaign_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const database = await openDatabase({ databaseUrl: dbUrl(dbName), poolSize: 10 });
  const sink = await startSmtpSink();
  try {
    const { db } = database;
    const clock = systemClock;
    await migrateClub(db);
    const program = await createProgram(db, {
      slug: 'bench',
      name: 'Bench café',
      currency: 'ILS',
      timeZone: 'Asia/Jerusalem',
    });
    await updateSenderProfile(db, clock, SYSTEM_ACTOR, program.id, {
      businessName: 'קפה לנדוור',
      address: 'דיזנגוף 100, תל אביב',
      contactEmail: 'club@example.com',
      contactPhone: null,
      israeliMode: null,
    });
    const template = await createTemplate(db, clock, SYSTEM_ACTOR, program.id, {
      key: 'newsletter',
      name: 'ניוזלטר',
      channel: 'email',
      purpose: 'marketing',
      defaultLocale: 'he',
      variants: {
        he: {
          subject: 'פרסומת: {{ member.first_name | default: "חבר/ה" }}, {{ points.balance | number }} נקודות',
          body,
        },
      },
    } as Parameters<typeof createTemplate>[4]);
    const list = await db
      .insertInto('lists')
      .values({ program_id: program.id, name: 'Newsletter' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seeded = performance.now();
    await sql`
      with m as (
        insert into members (program_id, external_id, email, first_name, locale, source)
        select ${program.id}, 'c' || i, 'member' || i || '@example.com',
          (array['נועה','יעל','אורי','Dana','מיכל','עומר'])[1 + i % 6], 'he', 'import'
        from generate_series(1, ${RECIPIENTS}) as i
        returning id, external_id
      ),
      a as (
        insert into loyalty_accounts (program_id, member_id, available, lifetime_earned)
        select ${program.id}, id, (substr(external_id, 2)::int * 37) % 20000,
          (substr(external_id, 2)::int * 37) % 20000 from m
      ),
      c as (
        insert into consent_records (program_id, member_id, channel, purpose, status, source, recorded_at)
        select ${program.id}, id, 'email', 'marketing', 'granted', 'import', now() from m
      )
      insert into list_members (program_id, list_id, member_id, status, source, subscribed_at)
      select ${program.id}, ${list.id}, id, 'subscribed', 'import', now() from m`.execute(db);
    await sql`analyze`.execute(db);
    log(`${RECIPIENTS} members seeded in ${round((performance.now() - seeded) / 1000, 1)} s`);

    // The raw side's message: the first member's, rendered once by the same template.
    const first = await db
      .selectFrom('members')
      .select(['id', 'email'])
      .where('program_id', '=', program.id)
      .where('external_id', '=', 'c1')
      .executeTakeFirstOrThrow();
    const facts = await programFacts(db, program.id);
    const saved = await getTemplate(db, program.id, template.id);
    const member = await memberForRender(db, clock, program.id, first.id, 'he', facts.timeZone);
    const unsubscribe = 'https://club.example/u/token';
    const rendered = await renderForMember({
      template: saved,
      facts,
      member,
      links: { portal: 'https://club.example/portal', unsubscribe, preferences: unsubscribe },
    });
    const raw = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: POOL });
    raw.on('error', () => {});
    const html = htmlDocument({ ...rendered, locale: 'he' });
    const rawRun = async () => {
      await sink.reset();
      const started = performance.now();
      let next = 0;
      const lane = async () => {
        while (next < RAW) {
          const i = next++;
          await raw.sendMail({
            from: { name: 'Bench café', address: 'club@example.com' },
            to: first.email!,
            subject: rendered.subject ?? '',
            text: rendered.text,
            html,
            messageId: `<raw-${i}@example.com>`,
            headers: listUnsubscribeHeaders(unsubscribe, null),
          });
        }
      };
      await Promise.all(Array.from({ length: POOL * 4 }, lane));
      const seconds = (performance.now() - started) / 1000;
      const counts = await sink.counts();
      if (counts.distinct !== RAW) throw new Error(`raw: the sink received ${counts.distinct} of ${RAW}`);
      log(`raw nodemailer pool: ${RAW} in ${round(seconds, 1)} s = ${round(RAW / seconds)}/s`);
      return RAW / seconds;
    };

    const rawBefore = await rawRun();
    await sink.reset();
    const campaign = await createCampaign(db, clock, program.id, {
      name: 'ניוזלטר',
      channel: 'email',
      audience: { lists: [list.id] },
      variants: [{ templateId: template.id }],
    });
    const config = { smtpUrl: sink.url, publicUrl: 'https://club.example', mailFrom: 'club@example.com' };
    const worker = new Worker({ db, clock, modules: clubJobs, config });
    // The worker's first round runs the program's scheduled sweeps (tiers, expiry, segments …) over every member;
    // they are not the campaign's work, so they run before the clock starts.
    await worker.drain();
    const started = performance.now();
    await launchCampaign(db, clock, { programId: program.id, campaignId: campaign.id, actor: 'bench' });
    await worker.drain();
    const seconds = (performance.now() - started) / 1000;
    const done = await getCampaign(db, program.id, campaign.id);
    const counts = await sink.counts();
    const accounting = await campaignAccounting(db, program.id, campaign.id);
    if (done.state !== 'sent' || done.progress.sent !== RECIPIENTS || !accounting.balanced) {
      throw new Error(`campaign ended ${done.state}: ${JSON.stringify(done.progress)}`);
    }
    if (counts.total !== RECIPIENTS || counts.distinct !== RECIPIENTS) {
      throw new Error(
        `the sink received ${counts.total} messages, ${counts.distinct} distinct, of ${RECIPIENTS}`,
      );
    }
    const rate = RECIPIENTS / seconds;
    log(
      `campaign: ${RECIPIENTS} in ${round(seconds, 1)} s = ${round(rate)}/s ` +
        `(${round(counts.bytes / RECIPIENTS)} bytes per message)`,
    );
    const rawAfter = await rawRun();
    const limit = Math.max(rawBefore, rawAfter);
    console.log(
      JSON.stringify({
        bench: 'campaign',
        value: round(rate),
        unit: 'messages per second',
        limit: round(limit),
        ratio: round(rate / limit, 3),
        note:
          `${RECIPIENTS} recipients, one he MJML + Liquid template personalised per member (name, points, ` +
          `tier, own unsubscribe and preferences links, tracking), from launch to the last row closed, sent ` +
          `by one job worker through a ${POOL}-connection pool to a local smtp-server sink in its own process; ` +
          `limit = raw nodemailer pool (${POOL} connections) sending one pre-rendered message of the campaign ` +
          `${RAW} times to the same sink, best of before/after (${round(rawBefore)}/${round(rawAfter)}/s); ` +
          `target ratio >= 0.8 and >= 2000/s; sink received each message exactly once; load average ` +
          `${(await import('node:os'))
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
      }),
    );
    raw.close();
  } finally {
    closeSmtpTransports();
    await sink.close();
    await database.close();
    if (!process.env.BENCH_KEEP) await adminQuery(`drop database if exists ${dbName} with (force)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
