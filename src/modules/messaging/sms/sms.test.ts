// SMS through the provider adapters, against a local fake of Twilio's Messages API and a fake webhook provider:
// outbox by default, the send, the refusals and retries, the signed delivery receipts, and the estimate.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';
import { getMessage, queueMessage, sendQueuedMessage } from '../index.ts';
import { twilioSignature } from './adapters.ts';

let t: TestContext;
let fake: FakeProvider;
beforeAll(async () => {
  t = await setupTest();
  fake = await startFakeProvider();
});
afterAll(async () => {
  await fake.close();
  await t.close();
});

const SID = `AC${crypto.randomBytes(16).toString('hex')}`;
const TOKEN = 'twilio-test-auth-token';
const INVALID_NUMBER = '+15005550001';
const FAILING_NUMBER = '+15005550009';

interface FakeProvider {
  url: string;
  twilio: { auth: string | undefined; path: string; form: URLSearchParams }[];
  webhook: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Twilio's Messages resource as documented (form-encoded POST, Basic auth, JSON answer), and a JSON webhook. */
async function startFakeProvider(): Promise<FakeProvider> {
  const twilio: FakeProvider['twilio'] = [];
  const webhook: FakeProvider['webhook'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      if (req.method === 'POST' && m) {
        const expected = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
        if (req.headers.authorization !== expected || m[1] !== SID) {
          return json(401, { code: 20003, message: 'Authenticate', status: 401 });
        }
        if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
          return json(415, { message: 'form expected' });
        }
        const form = new URLSearchParams(body);
        twilio.push({ auth: req.headers.authorization, path: req.url!, form });
        if (form.get('To') === INVALID_NUMBER) {
          return json(400, {
            code: 21211,
            message: "The 'To' number is not a valid phone number.",
            status: 400,
          });
        }
        if (form.get('To') === FAILING_NUMBER) return json(503, { message: 'Service unavailable' });
        return json(201, {
          sid: `SM${crypto.randomBytes(16).toString('hex')}`,
          status: 'queued',
          body: form.get('Body'),
        });
      }
      if (req.method === 'POST' && req.url === '/sms-webhook') {
        webhook.push(JSON.parse(body) as Record<string, unknown>);
        return json(200, { id: `wh-${webhook.length}` });
      }
      json(404, { message: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    twilio,
    webhook,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ctx = () => ({ db: t.db, clock: t.clock, config: { publicUrl: 'http://moadon.test' } });
const job = { attempts: 1, maxAttempts: 10 };

async function club() {
  const program = await makeProgram(t.db, { currency: 'ILS', defaultRegion: 'IL' });
  const owner = await makeUser(t, program.id, 'owner');
  const sms = async (to: string, text = 'שלום! יש לך 120 נקודות') => {
    const message = await queueMessage(t.db, t.clock, {
      programId: program.id,
      channel: 'sms',
      kind: 'otp',
      purpose: 'service',
      to,
      text,
    });
    await sendQueuedMessage(ctx(), job, message.id).catch((e: unknown) => e);
    return getMessage(t.db, program.id, message.id);
  };
  const settings = (payload: Record<string, unknown>) =>
    owner.request({ method: 'PUT', url: `/api/programs/${program.id}/sms-settings`, payload });
  return { program, owner, sms, settings };
}

describe('SMS providers', () => {
  it('keeps SMS in the outbox until a provider is chosen', async () => {
    const c = await club();
    expect((await c.sms('+972521234567')).status).toBe('outbox');
  });

  it('sends through Twilio, and a signed StatusCallback marks it delivered', async () => {
    const c = await club();
    const saved = await c.settings({
      provider: 'twilio',
      twilioAccountSid: SID,
      twilioAuthToken: TOKEN,
      sender: '+972501112233',
      apiBaseUrl: fake.url,
      costPerSegmentMinor: 9,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ provider: 'twilio', twilioAuthTokenSet: true });
    expect(saved.body).not.toContain(TOKEN);

    const sent = await c.sms('+972521234567');
    expect(sent.status).toBe('sent');
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const call = fake.twilio.at(-1)!;
    expect(call.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(Object.fromEntries(call.form)).toEqual({
      To: '+972521234567',
      From: '+972501112233',
      Body: 'שלום! יש לך 120 נקודות',
      StatusCallback: `http://moadon.test/webhooks/sms/twilio/${c.program.id}/status`,
    });

    const url = `/webhooks/sms/twilio/${c.program.id}/status`;
    const params = {
      MessageSid: sent.providerMessageId!,
      MessageStatus: 'delivered',
      To: '+972521234567',
      AccountSid: SID,
    };
    const post = (signature: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        payload: new URLSearchParams(params).toString(),
      });
    const forged = await post(twilioSignature('another-token', `http://moadon.test${url}`, params));
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('invalid_signature');
    expect((await getMessage(t.db, c.program.id, sent.id)).status).toBe('sent');
    const signed = await post(twilioSignature(TOKEN, `http://moadon.test${url}`, params));
    expect(signed.statusCode, signed.body).toBe(204);
    const after = await getMessage(t.db, c.program.id, sent.id);
    expect(after.status).toBe('delivered');
    expect(after.history.at(-1)).toMatchObject({ status: 'delivered', detail: 'twilio: delivered' });
  });

  it('a number Twilio refuses fails for good; a 5xx is retried', async () => {
    const c = await club();
    await c.settings({
      provider: 'twilio',
      twilioAccountSid: SID,
      twilioAuthToken: TOKEN,
      sender: 'Club',
      apiBaseUrl: fake.url,
      costPerSegmentMinor: 9,
    });
    const refused = await c.sms(INVALID_NUMBER);
    expect(refused.status).toBe('failed');
    expect(refused.lastError).toContain('error 21211');
    const retried = await c.sms(FAILING_NUMBER);
    expect(retried.status).toBe('queued');
    expect(retried.lastError).toContain('503');
  });

  it('the generic webhook provider, and its delivery receipt by API key', async () => {
    const c = await club();
    await c.settings({
      provider: 'webhook',
      webhookUrl: `${fake.url}/sms-webhook`,
      sender: 'Club',
      costPerSegmentMinor: 5,
    });
    const sent = await c.sms('+972521234568', 'Your code: 1234');
    expect(sent.status).toBe('sent');
    expect(fake.webhook.at(-1)).toMatchObject({ to: '+972521234568', from: 'Club', messageId: sent.id });
    const key = await makeApiKey(t, c.program.id, ['messaging:inbound']);
    const receipt = await key.request({
      method: 'POST',
      url: '/webhooks/sms/status',
      payload: { id: sent.providerMessageId, status: 'undelivered', error: 'handset off' },
    });
    expect(receipt.json()).toEqual({ found: true });
    const after = await getMessage(t.db, c.program.id, sent.id);
    expect(after).toMatchObject({ status: 'failed', lastError: 'sms-webhook: undelivered (handset off)' });
  });

  it('refuses incomplete settings', async () => {
    const c = await club();
    const noToken = await c.settings({
      provider: 'twilio',
      twilioAccountSid: SID,
      sender: 'Club',
      costPerSegmentMinor: 1,
    });
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json().error.code).toBe('invalid_sms_settings');
    expect((await c.settings({ provider: 'webhook', costPerSegmentMinor: 1 })).statusCode).toBe(400);
  });
});

describe('SMS estimate', () => {
  it('shows the true parts and the cost of a Persian text before sending', async () => {
    const c = await club();
    await c.settings({ provider: 'outbox', costPerSegmentMinor: 12 });
    const text = 'سلام! ' + 'امتیاز شما در باشگاه مشتریان ۱۲۰ است. '.repeat(3);
    const res = await c.owner.request({
      method: 'POST',
      url: `/api/programs/${c.program.id}/sms/estimate`,
      payload: { text },
    });
    expect(res.statusCode, res.body).toBe(200);
    const units = [...text].length;
    expect(res.json()).toMatchObject({
      encoding: 'ucs2',
      units,
      segments: Math.ceil(units / 67),
      perSegment: 67,
      costPerSegmentMinor: 12,
      costMinor: 12 * Math.ceil(units / 67),
      currency: 'ILS',
    });
  });
});
