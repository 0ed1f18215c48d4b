// Bounces and complaints through the inbound endpoints, on a real database: a hard bounce suppresses, a full
// mailbox does not (until N within the window), a vacation reply is ignored, a complaint unsubscribes through
// the consent path; every decision is stored with its evidence.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';
import { consentHistory } from '../../membership/index.ts';
import { listEvents } from '../../../platform/events/index.ts';
import { returnPathFor } from '../email/verp.ts';
import { snsStringToSign, useSnsCertificates, type SnsCertificates } from './sns-signature.ts';
import { blockingSuppression } from '../index.ts';
import { memberWithCampaignMessage } from './test-fixtures.ts';

let t: TestContext;
// SNS signs with a key of ours here: its certificate source answers with our public key (nothing fetched).
const snsKeys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem';
let previousCertificates: SnsCertificates;
beforeAll(async () => {
  t = await setupTest();
  previousCertificates = useSnsCertificates(async (url) => {
    if (url !== CERT_URL) throw new Error(`unexpected certificate ${url}`);
    return snsKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  });
});
afterAll(async () => {
  useSnsCertificates(previousCertificates);
  await t.close();
});

function signSns(
  body: Record<string, unknown>,
  certUrl = CERT_URL,
  key: crypto.KeyObject = snsKeys.privateKey,
): Record<string, unknown> {
  const envelope = { ...body, SignatureVersion: '2', SigningCertURL: certUrl };
  const signature = crypto.sign('sha256', Buffer.from(snsStringToSign(envelope)), key).toString('base64');
  return { ...envelope, Signature: signature };
}

const dir = path.resolve(import.meta.dirname, '../../../../test/fixtures/bounces');
const FIXTURE_ID = '6f1c2b9e-0d7a-4c2e-9a51-3b8e2f4d1a00';
const DAY = 86_400_000;

/** A fixture about our message to this address (ids and recipient replaced). */
function fixture(file: string, messageId: string, fixtureAddress: string, address: string): string {
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .replaceAll(FIXTURE_ID, messageId)
    .replaceAll(fixtureAddress, address);
}

async function club() {
  const program = await makeProgram(t.db);
  const inbound = await makeApiKey(t, program.id, ['messaging:inbound']);
  const owner = await makeUser(t, program.id, 'owner');
  const newMember = () => memberWithCampaignMessage(t, program.id);
  const sendRaw = (raw: string, key = inbound) =>
    key.request({
      method: 'POST',
      url: '/webhooks/bounces/email',
      headers: { 'content-type': 'message/rfc822' },
      payload: raw,
    });
  return { program, inbound, owner, newMember, sendRaw };
}

describe('bounce e-mails', () => {
  it('a hard bounce suppresses the address, marks the message and keeps the evidence', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const res = await c.sendRaw(fixture('postfix-user-unknown.eml', message.id, 'dana@example.co.il', email));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcomes).toMatchObject([
      { address: email, type: 'bounce', severity: 'hard', reason: 'user_unknown', decision: 'suppressed' },
    ]);
    expect(res.json().outcomes[0].messageId).toBe(message.id);

    const list = await c.owner.request({ method: 'GET', url: `/api/programs/${c.program.id}/suppressions` });
    const [s] = list.json().items;
    expect(s).toMatchObject({ address: email, reason: 'bounce', source: 'hard bounce: user_unknown' });
    expect(s.evidence).toMatchObject({
      statusCode: '5.1.1',
      smtpCode: 550,
      format: 'postfix',
      reportingMta: 'mail.example.co.il',
      remoteMta: 'mx.example.co.il',
      originalMessageId: `${message.id}@club.example`,
      messageId: message.id,
    });
    expect(s.evidence.diagnostic).toContain('User unknown in virtual mailbox table');

    const got = await c.owner.request({
      method: 'GET',
      url: `/api/programs/${c.program.id}/messages/${message.id}`,
    });
    expect(got.json().status).toBe('bounced');
    expect(got.json().history.at(-1)).toMatchObject({
      status: 'bounced',
      detail: 'hard bounce: user_unknown',
    });
    // The message's detail carries the report that came back for it (the admin's bounce reason).
    expect(got.json().bounces).toMatchObject([
      {
        type: 'bounce',
        severity: 'hard',
        reason: 'user_unknown',
        statusCode: '5.1.1',
        decision: 'suppressed',
      },
    ]);
    // A hard bounce blocks even the service mail the person asks for.
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'service')).toBeDefined();
    // On the bus, with ids and the classification only.
    const events = await listEvents(t.db, c.program.id, { types: ['message.bounced'], limit: 10 });
    expect(events).toMatchObject([
      {
        type: 'message.bounced',
        memberId: message.memberId,
        payload: {
          messageId: message.id,
          bounceEventId: res.json().outcomes[0].eventId,
          severity: 'hard',
          reason: 'user_unknown',
          decision: 'suppressed',
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(email);
  });

  it('a full mailbox does not suppress — until the third within the window (injectable clock)', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const full = (n: number) =>
      c.sendRaw(
        fixture('rfc3464-mailbox-full.eml', message.id, 'full.mailbox@example.net', email).replace(
          'Message-ID: <dsn-2@relay.example.net>',
          `Message-ID: <dsn-2-${n}@relay.example.net>`,
        ),
      );
    const first = await full(1);
    expect(first.json().outcomes[0]).toMatchObject({
      severity: 'soft',
      reason: 'mailbox_full',
      decision: 'counted',
    });
    expect(
      (await listEvents(t.db, c.program.id, { types: ['message.bounced'], limit: 10 })).map((e) => e.payload),
    ).toMatchObject([{ severity: 'soft', decision: 'counted', messageId: message.id }]);
    t.clock.advance(8 * DAY); // the first one leaves the 7-day window
    expect((await full(2)).json().outcomes[0].decision).toBe('counted');
    t.clock.advance(2 * DAY);
    expect((await full(3)).json().outcomes[0].decision).toBe('counted');
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'marketing')).toBeUndefined();
    t.clock.advance(DAY);
    const fourth = await full(4);
    expect(fourth.json().outcomes[0]).toMatchObject({ decision: 'suppressed' });
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'marketing')).toMatchObject({
      reason: 'bounce',
      source: 'soft bounce 3 of 3 within 7 days: mailbox_full',
    });
  });

  it('the soft-bounce policy is a program setting', async () => {
    const c = await club();
    const put = await c.owner.request({
      method: 'PUT',
      url: `/api/programs/${c.program.id}/bounce-settings`,
      payload: { softBounceLimit: 1, softBounceWindowDays: 30 },
    });
    expect(put.statusCode, put.body).toBe(200);
    const got = await c.owner.request({
      method: 'GET',
      url: `/api/programs/${c.program.id}/bounce-settings`,
    });
    expect(got.json()).toEqual({ softBounceLimit: 1, softBounceWindowDays: 30 });
    const { email, message } = await c.newMember();
    const res = await c.sendRaw(fixture('gmail-policy-block.eml', message.id, 'ruth@gmail.com', email));
    expect(res.json().outcomes[0]).toMatchObject({
      severity: 'soft',
      reason: 'policy',
      decision: 'suppressed',
    });
    const bad = await c.owner.request({
      method: 'PUT',
      url: `/api/programs/${c.program.id}/bounce-settings`,
      payload: { softBounceLimit: 0, softBounceWindowDays: 30 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('a vacation reply is recorded and ignored', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const raw = fixture('autoreply-vacation-he.eml', message.id, 'shira@example.co.il', email);
    const res = await c.sendRaw(raw);
    expect(res.json().outcomes).toMatchObject([{ type: 'auto_reply', decision: 'ignored', address: email }]);
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'marketing')).toBeUndefined();
    const events = await c.owner.request({
      method: 'GET',
      url: `/api/programs/${c.program.id}/bounces?type=auto_reply`,
    });
    expect(events.json().items).toHaveLength(1);
    expect(await listEvents(t.db, c.program.id, { types: ['message.bounced'], limit: 10 })).toEqual([]);
  });

  it('the same report twice is recorded once', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const raw = fixture('rfc3464-mailbox-full.eml', message.id, 'full.mailbox@example.net', email);
    await c.sendRaw(raw);
    const again = await c.sendRaw(raw);
    expect(again.json().outcomes[0]).toMatchObject({ duplicate: true, decision: 'counted' });
    const events = await c.owner.request({ method: 'GET', url: `/api/programs/${c.program.id}/bounces` });
    expect(events.json().items).toHaveLength(1);
  });

  it('matches by the VERP return path when the report quotes nothing of the original', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const raw = [
      'From: MAILER-DAEMON@mx.example.net',
      `To: ${returnPathFor(message.id, 'club.example')}`,
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at mx.example.net.',
      '',
      '<someone.else@alias.example>:',
      'Sorry, no mailbox here by name someone.else. (#5.1.1)',
      '',
    ].join('\r\n');
    const res = await c.sendRaw(raw);
    // The address we sent to is suppressed, not the alias the remote server expanded it to.
    expect(res.json().outcomes).toMatchObject([
      { messageId: message.id, address: email, decision: 'suppressed' },
    ]);
  });

  it('a complaint withdraws marketing consent through the consent history and suppresses', async () => {
    const c = await club();
    const { member, email, message } = await c.newMember();
    const res = await c.sendRaw(fixture('arf-abuse.eml', message.id, 'complainer@example.com', email));
    expect(res.json().outcomes).toMatchObject([
      { type: 'complaint', decision: 'unsubscribed', address: email },
    ]);
    const history = await consentHistory(t.db, c.program.id, member.id);
    expect(history.at(-1)).toMatchObject({
      channel: 'email',
      purpose: 'marketing',
      status: 'withdrawn',
      source: 'complaint',
      sourceRef: res.json().outcomes[0].eventId,
    });
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'service')).toMatchObject({
      reason: 'complaint', // blocks service mail too, which an unsubscribe would not
    });
    const got = await c.owner.request({
      method: 'GET',
      url: `/api/programs/${c.program.id}/messages/${message.id}`,
    });
    expect(got.json().status).toBe('complained');
    expect(await listEvents(t.db, c.program.id, { types: ['message.complained'], limit: 10 })).toMatchObject([
      {
        memberId: member.id,
        payload: { messageId: message.id, bounceEventId: res.json().outcomes[0].eventId },
      },
    ]);
  });

  it('another program cannot feed reports about this one’s messages', async () => {
    const c = await club();
    const other = await club();
    const { email, message } = await c.newMember();
    const res = await c.sendRaw(
      fixture('postfix-user-unknown.eml', message.id, 'dana@example.co.il', email),
      other.inbound,
    );
    expect(res.json().outcomes[0].messageId).toBeNull();
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'marketing')).toBeUndefined();
  });

  it('needs an API key with messaging:inbound', async () => {
    const c = await club();
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/webhooks/bounces/email',
      headers: { 'content-type': 'message/rfc822' },
      payload: 'From: x@y\r\n\r\nhi',
    });
    expect(anonymous.statusCode).toBe(401);
    const reader = await makeApiKey(t, c.program.id, ['messaging:read']);
    expect((await c.sendRaw('From: x@y\r\n\r\nhi', reader)).statusCode).toBe(403);
  });
});

describe('provider webhooks', () => {
  it('Amazon SES through SNS (text/plain JSON): a permanent bounce suppresses, a complaint unsubscribes', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const post = (body: Record<string, unknown>) =>
      c.inbound.request({
        method: 'POST',
        url: '/webhooks/bounces/ses',
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        payload: JSON.stringify(body),
      });
    const fixtureBody = (file: string, fixtureAddress: string) =>
      JSON.parse(fixture(file, message.id, fixtureAddress, email)) as Record<string, unknown>;
    const bounced = await post(signSns(fixtureBody('ses-bounce-permanent.json', 'ses.nobody@example.com')));
    expect(bounced.statusCode, bounced.body).toBe(200);
    expect(bounced.json().outcomes).toMatchObject([
      { address: email, severity: 'hard', decision: 'suppressed', messageId: message.id },
    ]);
    const complained = await post(signSns(fixtureBody('ses-complaint.json', 'ses.complainer@example.com')));
    expect(complained.json().outcomes).toMatchObject([{ type: 'complaint', decision: 'unsubscribed' }]);
    const subscribeUrl = 'https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc';
    const subscription = {
      Type: 'SubscriptionConfirmation',
      MessageId: crypto.randomUUID(),
      Token: 'abc',
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ses-bounces',
      Message: 'You have chosen to subscribe to the topic.',
      SubscribeURL: subscribeUrl,
      Timestamp: '2026-12-01T12:00:00.000Z',
    };
    const sub = await post(signSns(subscription));
    expect(sub.json()).toEqual({ outcomes: [], subscribeUrl });
  });

  it('refuses SNS messages that SNS did not sign', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const post = (body: Record<string, unknown>) =>
      c.inbound.request({
        method: 'POST',
        url: '/webhooks/bounces/ses',
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        payload: JSON.stringify(body),
      });
    const body = JSON.parse(
      fixture('ses-bounce-permanent.json', message.id, 'ses.nobody@example.com', email),
    ) as Record<string, unknown>;
    const signed = signSns(body);
    const forged = [
      { ...body }, // unsigned
      { ...signed, Message: String(body.Message).replace('Permanent', 'Transient') }, // tampered
      signSns(body, 'https://sns.evil.example.com/cert.pem'), // a certificate of the forger's choosing
      signSns(body, 'http://sns.eu-west-1.amazonaws.com/cert.pem'), // not https
      signSns(body, CERT_URL, crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), // wrong key
      signSns({
        Type: 'SubscriptionConfirmation',
        MessageId: 'x',
        Token: 't',
        TopicArn: 'arn:aws:sns:eu-west-1:1:t',
        Message: 'm',
        SubscribeURL: 'https://attacker.example/confirm',
        Timestamp: '2026-12-01T12:00:00.000Z',
      }),
    ];
    for (const payload of forged) {
      const res = await post(payload);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('sns_signature_invalid');
    }
    expect(await blockingSuppression(t.db, c.program.id, 'email', email, 'marketing')).toBeUndefined();
  });

  it('the generic webhook decides hard or soft from the codes, never from the provider alone', async () => {
    const c = await club();
    const { email, message } = await c.newMember();
    const post = (payload: Record<string, unknown>) =>
      c.inbound.request({ method: 'POST', url: '/webhooks/bounces/generic', payload });
    const soft = await post({
      type: 'bounce',
      email,
      status: '5.2.2',
      diagnostic: '552 mailbox full',
      messageId: message.id,
    });
    expect(soft.json().outcomes[0]).toMatchObject({
      severity: 'soft',
      decision: 'counted',
      messageId: message.id,
    });
    const hard = await post({
      type: 'bounce',
      email,
      diagnostic: '550 5.1.1 user unknown',
      eventId: 'evt-2',
    });
    expect(hard.json().outcomes[0]).toMatchObject({ severity: 'hard', decision: 'suppressed' });
    const bad = await post({ type: 'bounce', email: 'not an address' });
    expect(bad.statusCode).toBe(400);
  });
});
