// The crash suite, campaigns: a real `moadon worker` process sends a 10,000-recipient campaign to an SMTP sink
// and is killed with SIGKILL mid-campaign, while the sink holds its answers to the messages in flight (their DATA
// arrived, their 250 has not been given: not accepted, as SMTP has it). Once the dead worker's lease has run out
// (a simulated clock here), another worker takes the campaign up: the sink has accepted every recipient exactly
// once, and the accounting adds up to the audience. The worker runs on a database of its own, so that it takes
// no other test file's jobs. PostgreSQL only, like crash.test.ts.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openOwnPostgresDatabase, type OwnDatabase } from '../harness.ts';
import { clubJobs } from '../../src/app/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { campaignAccounting, getCampaign, launchCampaign } from '../../src/modules/campaigns/index.ts';
import { createCampaign } from '../../src/modules/campaigns/service.ts';
import { closeSmtpTransports } from '../../src/modules/messaging/index.ts';
import { createTemplate, updateSenderProfile } from '../../src/modules/messaging/templates/service.ts';
import { createProgram } from '../../src/modules/programs/index.ts';
import { newsletterTemplate } from '../../src/modules/campaigns/test-fixtures.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { LEASE_MS, Worker } from '../../src/platform/jobs/index.ts';

const target = inject('testDatabase');
const onPostgres = target.kind === 'postgres';
if (!onPostgres) {
  console.info('campaign crash test skipped: it kills a worker process on PostgreSQL; set TEST_DATABASE_URL');
}

const RECIPIENTS = 10_000;
let database: Database;
let url: string;
let own: OwnDatabase | undefined;

/** An SMTP sink that counts what it accepted by Message-ID, and can hold its answers (freeze). */
async function startSink() {
  const accepted = new Map<string, number>();
  let frozen = false;
  const held: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const accept = () => {
          const id = /^Message-ID:\s*<([^>]+)>/im.exec(Buffer.concat(chunks).toString())?.[1] ?? '?';
          accepted.set(id, (accepted.get(id) ?? 0) + 1);
          callback();
        };
        if (frozen) held.push(() => callback(new Error('never answered')));
        else accept();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    total: () => [...accepted.values()].reduce((a, b) => a + b, 0),
    freeze: () => (frozen = true),
    /** Messages whose answer was held when the sender died: they were never accepted. */
    thaw: () => {
      frozen = false;
      held.splice(0).forEach((drop) => drop());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  if (target.kind !== 'postgres') return;
  own = await openOwnPostgresDatabase(target.url, 'moadon_crash_campaign');
  ({ database, url } = own);
}, 120_000);
afterAll(async () => {
  closeSmtpTransports();
  await own?.drop();
});

describe.skipIf(!onPostgres)('crash suite: kill -9 of a worker sending a campaign', () => {
  it(
    'the campaign is taken up again after the lease; every recipient got it exactly once',
    { timeout: 600_000 },
    async () => {
      const db = database.db;
      const clock = new ManualClock(new Date());
      const program = await createProgram(db, { slug: 'crash-campaign', name: 'Crash club' });
      await updateSenderProfile(db, clock, SYSTEM_ACTOR, program.id, {
        businessName: 'Crash club',
        address: 'Dizengoff 100, Tel Aviv',
        contactEmail: 'club@example.com',
        contactPhone: null,
        israeliMode: null,
      });
      const template = await createTemplate(db, clock, SYSTEM_ACTOR, program.id, {
        ...newsletterTemplate(),
      } as Parameters<typeof createTemplate>[4]);
      const list = await db
        .insertInto('lists')
        .values({ program_id: program.id, name: 'Newsletter' })
        .returning('id')
        .executeTakeFirstOrThrow();
      // 10,000 consented members on the list, written in bulk.
      await sql`
        with m as (
          insert into members (program_id, external_id, email, first_name, locale, source)
          select ${program.id}, 'c' || i, 'member' || i || '@example.com', 'Dana ' || i, 'he', 'import'
          from generate_series(1, ${RECIPIENTS}) as i
          returning id
        ),
        c as (
          insert into consent_records (program_id, member_id, channel, purpose, status, source, recorded_at)
          select ${program.id}, id, 'email', 'marketing', 'granted', 'import', now() from m
        )
        insert into list_members (program_id, list_id, member_id, status, source, subscribed_at)
        select ${program.id}, ${list.id}, id, 'subscribed', 'import', now() from m`.execute(db);
      const campaign = await createCampaign(db, clock, program.id, {
        name: 'ניוזלטר',
        channel: 'email',
        audience: { lists: [list.id] },
        variants: [{ templateId: template.id }],
      });
      await launchCampaign(db, clock, { programId: program.id, campaignId: campaign.id, actor: 'test' });

      const sink = await startSink();
      const worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
        env: { ...process.env, DATABASE_URL: url, SMTP_URL: sink.url, LOG_LEVEL: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      worker.stdout.on('data', (d: Buffer) => (output += d.toString()));
      worker.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        worker.on('exit', (_code, signal) => resolve(signal)),
      );
      let gone = false;
      void exited.then(() => (gone = true));
      const sentRows = async () =>
        Number(
          (
            await db
              .selectFrom('messages')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('campaign_id', '=', campaign.id)
              .where('status', '=', 'sent')
              .executeTakeFirstOrThrow()
          ).n,
        );
      // A third of the way in, the sink stops answering; once every message it did accept is recorded as sent,
      // the worker is killed with messages in flight.
      while (sink.total() < RECIPIENTS / 3) {
        if (gone) throw new Error(`the worker exited before the campaign was under way:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      sink.freeze();
      while ((await sentRows()) < sink.total()) await new Promise((resolve) => setTimeout(resolve, 20));
      worker.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      sink.thaw();

      const cut = await getCampaign(db, program.id, campaign.id);
      expect(cut.progress.audience).toBe(RECIPIENTS);
      expect(cut.progress.sent).toBe(sink.total());
      expect(cut.progress.sending).toBeGreaterThan(0);
      expect(cut.state).toBe('sending');

      // Before the dead worker's lease runs out nobody takes the campaign; after it, the next worker does.
      const config = { smtpUrl: sink.url, publicUrl: 'https://club.example' };
      await new Worker({ db, clock, modules: clubJobs, config }).drain();
      expect((await getCampaign(db, program.id, campaign.id)).progress.sent).toBe(cut.progress.sent);
      clock.advance(2 * LEASE_MS + 1_000);
      await new Worker({ db, clock, modules: clubJobs, config }).drain();

      const done = await getCampaign(db, program.id, campaign.id);
      expect(done.state).toBe('sent');
      expect(done.progress.sent).toBe(RECIPIENTS);
      const accounting = await campaignAccounting(db, program.id, campaign.id);
      expect(accounting.balanced).toBe(true);
      expect(sink.accepted.size).toBe(RECIPIENTS);
      expect([...sink.accepted.values()].filter((n) => n !== 1)).toEqual([]);
      await sink.close();
    },
  );
});
