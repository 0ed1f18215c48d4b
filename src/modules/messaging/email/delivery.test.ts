// Transports per purpose with their own rate limits, open and click tracking, and the deliverability check —
// through the API, the send job and a real SMTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../../test/mail-server.ts';
import { Worker } from '../../../platform/jobs/index.ts';
import { closeSmtpTransports } from '../channels/smtp.ts';
import { listEvents } from '../../../platform/events/index.ts';
import { messagingJobs, queueMessage, suppressAddress, type QueueMessageInput } from '../index.ts';
import { judgeComplaints, judgeDmarc, judgeSpf, useTxtResolver, type TxtResolver } from './deliverability.ts';

let t: TestContext;
let mail: MailServer;
beforeAll(async () => {
  t = await setupTest();
  mail = await startMailServer();
});
afterAll(async () => {
  closeSmtpTransports();
  await mail.close();
  await t.close();
});

const unique = () => Math.random().toString(36).slice(2, 10);
// No SMTP_URL: only the program's own transports can send.
const worker = () =>
  new Worker({
    db: t.db,
    clock: t.clock,
    config: { publicUrl: 'http://moadon.test' },
    modules: [messagingJobs],
  });
const deliveredTo = (to: string) => mail.deliveries.filter((d) => d.rcptTo.includes(to));

function email(programId: string, overrides: Partial<QueueMessageInput> = {}): QueueMessageInput {
  return {
    programId,
    channel: 'email',
    kind: 'campaign',
    purpose: 'marketing',
    to: `m-${unique()}@example.com`,
    locale: 'en',
    subject: 'This week',
    text: 'This week',
    unsubscribeUrl: `http://moadon.test/u/tok${unique()}`,
    ...overrides,
  };
}

async function programWithTransports(marketing: { perMinute: number; burst: number }) {
  const program = await makeProgram(t.db);
  const owner = await makeUser(t, program.id);
  for (const [purpose, limits] of [
    ['marketing', marketing],
    ['service', { perMinute: 600, burst: 10 }],
  ] as const) {
    const res = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/email-transports/${purpose}`,
      payload: { smtpUrl: mail.url, fromAddress: `${purpose}@club.example`, ...limits, poolSize: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  return { program, owner };
}

describe('SMTP transports per purpose', () => {
  it('keeps the URL sealed and shows host and port only; refuses a URL that is not SMTP', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const put = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/email-transports/marketing`,
      payload: {
        smtpUrl: 'smtp://mailer:s3cret-pass@smtp.club.example:2525',
        fromAddress: 'news@club.example',
        perMinute: 100,
        burst: 20,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ purpose: 'marketing', host: 'smtp.club.example:2525', poolSize: 5 });
    expect(put.body).not.toContain('s3cret');
    const row = await t.db
      .selectFrom('email_transports')
      .selectAll()
      .where('program_id', '=', program.id)
      .executeTakeFirstOrThrow();
    expect(row.smtp_url_sealed).not.toContain('s3cret');
    const list = await owner.request({ method: 'GET', url: `/api/programs/${program.id}/email-transports` });
    expect(list.body).not.toContain('s3cret');

    const bad = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/email-transports/service`,
      payload: { smtpUrl: 'http://smtp.club.example', fromAddress: 'a@club.example', perMinute: 1, burst: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_transport');
    expect(
      await t.db
        .selectFrom('email_transports')
        .select('purpose')
        .where('program_id', '=', program.id)
        .execute(),
    ).toEqual([{ purpose: 'marketing' }]);
  });

  it('limits each transport by its own token bucket, on the injected clock; a deferred send keeps its attempts', async () => {
    const { program } = await programWithTransports({ perMinute: 60, burst: 2 });
    const marketing = [];
    for (let i = 0; i < 3; i++) marketing.push(await queueMessage(t.db, t.clock, email(program.id)));
    const code = await queueMessage(
      t.db,
      t.clock,
      email(program.id, {
        kind: 'otp',
        purpose: 'service',
        unsubscribeUrl: null,
        subject: 'Code',
        text: '1234',
      }),
    );
    await worker().drain();
    const status = async (id: string) =>
      await t.db
        .selectFrom('messages')
        .select(['status', 'attempts'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    // Jobs run concurrently, so which two got the burst is not fixed; exactly one waits.
    const states = await Promise.all(marketing.map((m) => status(m.id)));
    expect(states.filter((st) => st.status === 'sent' && st.attempts === 1)).toHaveLength(2);
    const waitingIndex = states.findIndex((st) => st.status === 'queued');
    expect(states[waitingIndex]).toEqual({ status: 'queued', attempts: 0 });
    const waiting = marketing[waitingIndex]!;
    const sentOne = marketing[(waitingIndex + 1) % 3]!;
    // The service transport has its own bucket: the code went out while marketing waited.
    expect(await status(code.id)).toEqual({ status: 'sent', attempts: 1 });
    expect(deliveredTo(code.to)[0]!.mail.from?.value[0]?.address).toBe('service@club.example');
    expect(deliveredTo(sentOne.to)[0]!.mail.from?.value[0]?.address).toBe('marketing@club.example');
    expect(deliveredTo(waiting.to)).toHaveLength(0);

    const job = await t.db
      .selectFrom('jobs')
      .select(['state', 'attempts', 'run_at'])
      .where('unique_key', '=', `message:${waiting.id}`)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'queued', attempts: 0 });
    expect(job.run_at.getTime() - t.clock.now().getTime()).toBe(1000);

    t.clock.advance(999);
    await worker().drain();
    expect(await status(waiting.id)).toEqual({ status: 'queued', attempts: 0 });
    t.clock.advance(1);
    await worker().drain();
    expect(await status(waiting.id)).toEqual({ status: 'sent', attempts: 1 });
    expect(deliveredTo(waiting.to)).toHaveLength(1);
  });

  it('a message to a suppressed address uses up no token (and publishes message.sent only when sent)', async () => {
    const { program } = await programWithTransports({ perMinute: 1, burst: 1 });
    const suppressed = email(program.id);
    await suppressAddress(t.db, t.clock, {
      programId: program.id,
      channel: 'email',
      address: suppressed.to,
      reason: 'bounce',
      source: 'test',
    });
    const blocked = await queueMessage(t.db, t.clock, suppressed);
    await worker().drain();
    const row = (id: string) =>
      t.db
        .selectFrom('messages')
        .select(['status', 'attempts'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await row(blocked.id)).toEqual({ status: 'suppressed', attempts: 0 });
    // The bucket holds one token and it is still there: the next message goes out at once.
    const next = await queueMessage(t.db, t.clock, email(program.id));
    await worker().drain();
    expect(await row(next.id)).toEqual({ status: 'sent', attempts: 1 });
    const sent = await listEvents(t.db, program.id, { types: ['message.sent'], limit: 10 });
    expect(sent).toMatchObject([
      { payload: { messageId: next.id, channel: 'email', kind: 'campaign', purpose: 'marketing' } },
    ]);
  });
});

describe('open and click tracking', () => {
  async function trackedSend() {
    const { program, owner } = await programWithTransports({ perMinute: 600, burst: 50 });
    const on = await owner.request({
      method: 'PUT',
      url: `/api/programs/${program.id}/email-tracking`,
      payload: { trackOpens: true, trackClicks: true },
    });
    expect(on.json()).toEqual({ trackOpens: true, trackClicks: true });
    const input = email(program.id, {
      html:
        '<p><a href="https://shop.example/sale?a=1&amp;b=2">Sale</a> <a href="mailto:help@club.example">Help</a></p>' +
        '<p><a href="https://shop.example/sale?a=1&amp;b=2">Again</a> <a href="http://moadon.test/u/tokX">Unsubscribe</a></p>',
    });
    const message = await queueMessage(t.db, t.clock, input);
    await worker().drain();
    const html = String(deliveredTo(input.to)[0]!.mail.html);
    return { program, owner, message, html };
  }

  const links = (html: string) =>
    [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  const path = (url: string) => url.replace('http://moadon.test', '');

  it('rewrites links to signed redirects, leaves mailto and unsubscribe alone, adds the pixel', async () => {
    const { html } = await trackedSend();
    const hrefs = links(html);
    expect(hrefs[0]).toMatch(
      /^http:\/\/moadon\.test\/t\/c\/[^?]+\?u=https%3A%2F%2Fshop\.example%2Fsale%3Fa%3D1%26b%3D2$/,
    );
    expect(hrefs[1]).toBe('mailto:help@club.example');
    expect(hrefs[2]).toMatch(/^http:\/\/moadon\.test\/t\/c\//);
    expect(hrefs[2]).not.toBe(hrefs[0]); // its own position
    expect(hrefs[3]).toBe('http://moadon.test/u/tokX');
    expect(html).toMatch(/<img src="http:\/\/moadon\.test\/t\/o\/[^"]+" width="1" height="1"/);
  });

  it('redirects a signed link where the message pointed; a tampered one is refused with no redirect', async () => {
    const { html } = await trackedSend();
    const [first] = links(html);
    const ok = await t.app.inject({
      method: 'GET',
      url: path(first!),
      headers: { 'user-agent': 'Mozilla/5.0 (X11)' },
    });
    expect(ok.statusCode).toBe(302);
    expect(ok.headers.location).toBe('https://shop.example/sale?a=1&b=2');

    const otherTarget = first!.replace(/\?u=.*$/, `?u=${encodeURIComponent('https://evil.example/')}`);
    const [, token] = /\/t\/c\/([^?]+)/.exec(first!)!;
    const flipped = token!.slice(0, -2) + (token!.at(-2) === 'A' ? 'B' : 'A') + token!.at(-1);
    for (const url of [otherTarget, first!.replace(token!, flipped), first!.replace(/\?u=.*$/, '')]) {
      const res = await t.app.inject({ method: 'GET', url: path(url) });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('counts people apart from machines: Apple proxies, scanners and instant fetches are flagged', async () => {
    const { program, owner, message, html } = await trackedSend();
    const pixel = path(/<img src="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'));
    const human = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Thunderbird/128.0' };
    // Within seconds of delivery: a prefetch, whoever asks.
    await t.app.inject({ method: 'GET', url: pixel, headers: human });
    t.clock.advance(60_000);
    await t.app.inject({
      method: 'GET',
      url: pixel,
      headers: { 'user-agent': 'Mozilla/5.0' },
      remoteAddress: '17.58.100.3',
    });
    await t.app.inject({ method: 'GET', url: pixel, headers: { 'user-agent': 'Barracuda Sentinel (EE)' } });
    const gif = await t.app.inject({ method: 'GET', url: pixel, headers: human });
    expect(gif.statusCode).toBe(200);
    expect(gif.headers['content-type']).toBe('image/gif');
    await t.app.inject({ method: 'GET', url: path(links(html)[0]!), headers: human });
    await t.app.inject({
      method: 'GET',
      url: path(links(html)[2]!),
      headers: { 'user-agent': 'python-requests/2.31' },
    });

    const res = await owner.request({
      method: 'GET',
      url: `/api/programs/${program.id}/messages/${message.id}/engagement`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      opens: 1,
      machineOpens: 3,
      opened: true,
      clicks: [
        { linkIndex: 0, url: 'https://shop.example/sale?a=1&b=2', clicks: 1, machineClicks: 0 },
        { linkIndex: 1, url: 'https://shop.example/sale?a=1&b=2', clicks: 0, machineClicks: 1 },
      ],
    });
    const reasons = await t.db
      .selectFrom('message_opens')
      .select('machine_reason')
      .where('message_id', '=', message.id)
      .orderBy('id')
      .execute();
    expect(reasons.map((r) => r.machine_reason)).toEqual([
      'too_fast',
      'apple_privacy_proxy',
      'scanner_user_agent',
      null,
    ]);
  });

  it('leaves mail untouched while tracking is off (the default)', async () => {
    const { program } = await programWithTransports({ perMinute: 600, burst: 50 });
    const input = email(program.id, { html: '<p><a href="https://shop.example/">Shop</a></p>' });
    await queueMessage(t.db, t.clock, input);
    await worker().drain();
    const html = String(deliveredTo(input.to)[0]!.mail.html);
    expect(html).toContain('href="https://shop.example/"');
    expect(html).not.toContain('/t/o/');
  });
});

describe('deliverability', () => {
  it('reads SPF, DKIM and DMARC through the resolver and judges them', async () => {
    const program = await makeProgram(t.db);
    const owner = await makeUser(t, program.id);
    const domainName = `${unique()}.example`;
    const added = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/sending-domains`,
      payload: { domain: domainName.toUpperCase() },
    });
    expect(added.statusCode, added.body).toBe(201);
    const domain = added.json();
    expect(domain.domain).toBe(domainName);
    const again = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/sending-domains`,
      payload: { domain: domainName },
    });
    expect(again.json().error.code).toBe('domain_exists');

    const zone: Record<string, string[][]> = {
      [domainName]: [['v=spf1 include:_spf.mailer.example ', '-all'], ['google-site-verification=x']],
      [domain.dkimRecord.name]: [[domain.dkimRecord.value]],
      [`_dmarc.${domainName}`]: [['v=DMARC1; p=none; rua=mailto:d@club.example']],
    };
    const fake: TxtResolver = {
      resolveTxt: async (name) => {
        const found = zone[name];
        if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
        return found;
      },
    };
    const previous = useTxtResolver(fake);
    try {
      const url = `/api/programs/${program.id}/sending-domains/${domain.id}/deliverability`;
      const res = await owner.request({ method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        spf: { status: 'pass', record: 'v=spf1 include:_spf.mailer.example -all' },
        dkim: { status: 'pass', name: domain.dkimRecord.name },
        dmarc: { status: 'warn', reason: 'policy_none' },
        complaints: { sent: 0, complaints: 0, rate: null, status: 'pass', windowDays: 30 },
      });
      zone[domain.dkimRecord.name] = [
        ['v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAother'],
      ];
      delete zone[`_dmarc.${domainName}`];
      const changed = (await owner.request({ method: 'GET', url })).json();
      expect(changed.dkim).toMatchObject({ status: 'fail', reason: 'mismatch' });
      expect(changed.dmarc).toMatchObject({ status: 'fail', reason: 'missing', record: null });
    } finally {
      useTxtResolver(previous);
    }
  });

  it('judges SPF, DMARC and the complaint rate by the published lines', () => {
    expect(judgeSpf('d', ['v=spf1 +all']).reason).toBe('allows_everyone');
    expect(judgeSpf('d', ['v=spf1 a mx ?all']).reason).toBe('no_all');
    expect(judgeSpf('d', ['v=spf1 -all', 'v=spf1 ~all']).reason).toBe('multiple');
    expect(judgeSpf('d', ['v=spf1 redirect=_spf.example']).status).toBe('pass');
    expect(judgeDmarc('d', ['v=DMARC1; p=reject']).status).toBe('pass');
    expect(judgeDmarc('d', 'error').reason).toBe('lookup_failed');
    expect(judgeComplaints(10_000, 9, 30).status).toBe('pass');
    expect(judgeComplaints(10_000, 10, 30).status).toBe('warn');
    expect(judgeComplaints(10_000, 29, 30).status).toBe('warn');
    expect(judgeComplaints(10_000, 30, 30)).toMatchObject({ status: 'fail', rate: 0.003 });
  });
});
