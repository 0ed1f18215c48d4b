import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../test/mail-server.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { messagingJobs, queueMessage, suppressAddress, type QueueMessageInput } from './index.ts';

let t: TestContext;
let mail: MailServer;
beforeAll(async () => {
  t = await setupTest();
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

const smtpWorker = () =>
  new Worker({
    db: t.db,
    clock: t.clock,
    config: { smtpUrl: mail.url, mailFrom: 'club@moadon.test' },
    modules: [messagingJobs],
  });
const outboxWorker = () => new Worker({ db: t.db, clock: t.clock, config: {}, modules: [messagingJobs] });

const unique = () => Math.random().toString(36).slice(2, 10);

function email(programId: string, overrides: Partial<QueueMessageInput> = {}): QueueMessageInput {
  return {
    programId,
    channel: 'email',
    kind: 'otp',
    purpose: 'service',
    to: `m-${unique()}@example.com`,
    locale: 'he',
    subject: 'קוד הכניסה שלך',
    text: 'הקוד שלך הוא 123456',
    ...overrides,
  };
}

const row = (id: string) =>
  t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const receivedFor = (to: string) => mail.received.filter((m) => m.to && JSON.stringify(m.to).includes(to));

describe('messaging', () => {
  it('keeps messages in the outbox when SMTP_URL is unset, viewable through the API', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const queued = await queueMessage(t.db, t.clock, email(program.id));
    expect(queued.status).toBe('queued');
    await outboxWorker().drain();
    expect((await row(queued.id)).status).toBe('outbox');
    const list = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/messages?status=outbox`,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toMatchObject([
      { id: queued.id, text: 'הקוד שלך הוא 123456', status: 'outbox' },
    ]);
    const one = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/messages/${queued.id}`,
    });
    expect(one.json().history.map((h: { status: string }) => h.status)).toEqual([
      'queued',
      'sending',
      'outbox',
    ]);
  });

  it('sends through real SMTP with RTL HTML and RFC 8058 unsubscribe headers for marketing', async () => {
    const program = await makeProgram(t.db, { name: 'מועדון הקפה' });
    const input = email(program.id, {
      kind: 'campaign',
      purpose: 'marketing',
      html: '<p>מבצע השבוע</p>',
      text: 'מבצע השבוע',
      unsubscribeUrl: 'http://moadon.test/u/abc',
    });
    const queued = await queueMessage(t.db, t.clock, input);
    await smtpWorker().drain();
    const sent = await row(queued.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    const [got] = receivedFor(input.to);
    expect(got).toBeDefined();
    expect(got!.subject).toBe('קוד הכניסה שלך');
    expect(got!.from?.value[0]).toMatchObject({ name: 'מועדון הקפה', address: 'club@moadon.test' });
    // mailparser folds List-* headers into a structure; read the raw header lines.
    const header = (name: string) => got!.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // The https one-click URL, then the per-message mailto (VERP token; see email/verp.ts).
    expect(header('list-unsubscribe')?.replace(/\r?\n\s+/g, ' ')).toBe(
      `List-Unsubscribe: <http://moadon.test/u/abc>, <mailto:unsubscribe+${queued.id.replace(/-/g, '')}@moadon.test?subject=unsubscribe>`,
    );
    expect(got!.html).toMatch(/<html lang="he" dir="rtl">/);
    expect(got!.messageId).toBe(`<${queued.id}@moadon.test>`);
  });

  it('refuses bad input and records nothing', async () => {
    const program = await makeProgram(t.db);
    const before = await t.db
      .selectFrom('messages')
      .select(t.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      queueMessage(t.db, t.clock, email(program.id, { purpose: 'marketing', kind: 'campaign' })),
    ).rejects.toMatchObject({ code: 'invalid_message' });
    await expect(
      queueMessage(t.db, t.clock, email(program.id, { to: 'not-an-address' })),
    ).rejects.toMatchObject({
      code: 'invalid_message',
    });
    await expect(
      queueMessage(t.db, t.clock, { ...email(program.id), channel: 'sms', to: '0501234567', subject: null }),
    ).rejects.toMatchObject({ code: 'invalid_message' });
    const after = await t.db
      .selectFrom('messages')
      .select(t.db.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a message whose worker died after claiming it is sent exactly once after the lease expires', async () => {
    const program = await makeProgram(t.db);
    const input = email(program.id);
    const queued = await queueMessage(t.db, t.clock, input);
    // A worker claimed the job, marked the message 'sending', then died before talking to SMTP.
    await t.db
      .updateTable('jobs')
      .set({ state: 'running', attempts: 1, locked_by: 'dead-worker', locked_until: t.clock.now() })
      .where('unique_key', '=', `message:${queued.id}`)
      .execute();
    await t.db
      .updateTable('messages')
      .set({ status: 'sending', attempts: 1 })
      .where('id', '=', queued.id)
      .execute();
    const worker = smtpWorker();
    await worker.drain();
    expect(receivedFor(input.to)).toHaveLength(0); // lease still held
    t.clock.advance(6 * 60_000);
    await worker.drain();
    await worker.drain();
    expect(receivedFor(input.to)).toHaveLength(1);
    expect(await row(queued.id)).toMatchObject({ status: 'sent', attempts: 2 });
    // A stray second job for the same message (e.g. re-enqueued by hand) does not send it again.
    await t.db
      .insertInto('jobs')
      .values({
        type: 'messaging.send',
        payload: JSON.stringify({ messageId: queued.id }),
        run_at: t.clock.now(),
        unique_key: null,
        last_error: null,
        locked_by: null,
      })
      .execute();
    await worker.drain();
    expect(receivedFor(input.to)).toHaveLength(1);
  });

  it('retries a temporary SMTP failure, and gives up at once on a permanent one', async () => {
    const program = await makeProgram(t.db);
    const worker = smtpWorker();
    const temporary = email(program.id);
    const first = await queueMessage(t.db, t.clock, temporary);
    mail.failNext(451);
    await worker.drain();
    expect(await row(first.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await row(first.id)).last_error).toContain('451');
    t.clock.advance(60_000);
    await worker.drain();
    expect(await row(first.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(receivedFor(temporary.to)).toHaveLength(1);

    const permanent = email(program.id);
    const second = await queueMessage(t.db, t.clock, permanent);
    mail.failNext(550);
    await worker.drain();
    t.clock.advance(3_600_000);
    await worker.drain();
    expect(await row(second.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(receivedFor(permanent.to)).toHaveLength(0);
  });

  it('does not send marketing to a suppressed address but still sends service mail', async () => {
    const program = await makeProgram(t.db);
    const to = `Gone-${unique()}@Example.com`;
    await suppressAddress(t.db, t.clock, {
      programId: program.id,
      channel: 'email',
      address: to,
      reason: 'unsubscribe',
    });
    const marketing = await queueMessage(
      t.db,
      t.clock,
      email(program.id, {
        to,
        purpose: 'marketing',
        kind: 'campaign',
        unsubscribeUrl: 'http://moadon.test/u/x',
      }),
    );
    const service = await queueMessage(t.db, t.clock, email(program.id, { to }));
    await smtpWorker().drain();
    expect((await row(marketing.id)).status).toBe('suppressed');
    expect((await row(service.id)).status).toBe('sent');
  });

  it('queues inside the caller\u2019s transaction: a rollback leaves neither message nor job', async () => {
    const program = await makeProgram(t.db);
    let id = '';
    await expect(
      t.db.transaction().execute(async (trx) => {
        id = (await queueMessage(trx, t.clock, email(program.id))).id;
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(
      await t.db.selectFrom('messages').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await t.db.selectFrom('jobs').select('id').where('unique_key', '=', `message:${id}`).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('pages the outbox and keeps programs apart', async () => {
    const program = await makeProgram(t.db);
    const other = await makeProgram(t.db);
    const viewer = await makeUser(t, program.id, 'viewer');
    for (let i = 0; i < 5; i++) {
      await queueMessage(t.db, t.clock, email(program.id));
      t.clock.advance(1000);
    }
    await queueMessage(t.db, t.clock, email(other.id));
    const url = `/api/programs/${program.id}/messages?limit=2`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await viewer.request({ method: 'GET', url: cursor ? `${url}&cursor=${cursor}` : url });
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((m: { id: string }) => m.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
    const forbidden = await viewer.request({ method: 'GET', url: `/api/programs/${other.id}/messages` });
    expect(forbidden.statusCode).toBe(403);
    const bad = await viewer.request({ method: 'GET', url: `${url}&cursor=nonsense` });
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('filters the log by a from/to range, status, channel and purpose, and refuses a range that is not one', async () => {
    const program = await makeProgram(t.db);
    const viewer = await makeUser(t, program.id, 'viewer');
    const start = t.clock.now();
    const first = await queueMessage(t.db, t.clock, email(program.id));
    t.clock.advance(3_600_000);
    const second = await queueMessage(
      t.db,
      t.clock,
      email(program.id, {
        purpose: 'marketing',
        kind: 'campaign',
        unsubscribeUrl: 'https://club.example/u/tok-abcdef',
      }),
    );
    t.clock.advance(3_600_000);
    const sms = await queueMessage(t.db, t.clock, {
      programId: program.id,
      channel: 'sms',
      kind: 'otp',
      purpose: 'service',
      to: '+972501234567',
      text: 'קוד: 123456',
    });
    const ids = async (query: string) => {
      const res = await viewer.request({
        method: 'GET',
        url: `/api/programs/${program.id}/messages?${query}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((m: { id: string }) => m.id);
    };
    const at = (ms: number) => encodeURIComponent(new Date(start.getTime() + ms).toISOString());
    // Half-open: a message recorded exactly at "to" belongs to the next range.
    expect(await ids(`from=${at(0)}&to=${at(3_600_000)}`)).toEqual([first.id]);
    expect(await ids(`from=${at(3_600_000)}`)).toEqual([sms.id, second.id]);
    expect(await ids(`to=${at(3_600_001)}`)).toEqual([second.id, first.id]);
    expect(await ids('channel=sms')).toEqual([sms.id]);
    expect(await ids('purpose=marketing')).toEqual([second.id]);
    expect(await ids('channel=email&purpose=service')).toEqual([first.id]);
    expect(await ids('status=queued&channel=email')).toEqual([second.id, first.id]);
    // An offset other than Z names the same instant.
    expect(await ids(`from=${encodeURIComponent('2000-01-01T02:00:00+02:00')}&channel=sms`)).toEqual([
      sms.id,
    ]);

    const bad = (query: string) =>
      viewer.request({ method: 'GET', url: `/api/programs/${program.id}/messages?${query}` });
    const backwards = await bad(`from=${at(3_600_000)}&to=${at(0)}`);
    expect([backwards.statusCode, backwards.json().error.code]).toEqual([400, 'invalid_range']);
    const empty = await bad(`from=${at(0)}&to=${at(0)}`);
    expect(empty.json().error.code).toBe('invalid_range');
    for (const query of [
      'from=yesterday',
      'to=2026-13-01T00:00:00Z',
      'status=lost',
      'channel=fax',
      'purpose=spam',
    ]) {
      const res = await bad(query);
      expect([res.statusCode, res.json().error.code], query).toEqual([400, 'validation_failed']);
    }
  });
});
