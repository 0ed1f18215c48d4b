// The receiving SMTP server, spoken to by a real SMTP client (nodemailer): a bounce to a VERP address is
// recorded and decided as through HTTP, a mail to the unsubscribe+ mailto unsubscribes the member through the
// consent history, any other recipient is refused at RCPT.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, setupTest, type TestContext } from '../../../../test/harness.ts';
import {
  consentHistory,
  withdrawAfterComplaint,
  withdrawAfterMailtoUnsubscribe,
} from '../../membership/index.ts';
import { returnPathFor, unsubscribeMailtoFor } from '../email/verp.ts';
import { blockingSuppression } from '../index.ts';
import { startInboundSmtp, type InboundSmtpServer } from './smtp-inbound.ts';
import { memberWithCampaignMessage } from './test-fixtures.ts';

let t: TestContext;
let inbound: InboundSmtpServer;
beforeAll(async () => {
  t = await setupTest();
  inbound = await startInboundSmtp(
    {
      db: t.db,
      clock: t.clock,
      onComplaint: withdrawAfterComplaint,
      onUnsubscribe: withdrawAfterMailtoUnsubscribe,
    },
    { port: 0, host: '127.0.0.1' },
  );
});
afterAll(async () => {
  await inbound.close();
  await t.close();
});

const FIXTURE_ID = '6f1c2b9e-0d7a-4c2e-9a51-3b8e2f4d1a00';
const dir = path.resolve(import.meta.dirname, '../../../../test/fixtures/bounces');
const client = () =>
  nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true });

async function sentMessage() {
  const program = await makeProgram(t.db);
  return { program, ...(await memberWithCampaignMessage(t, program.id)) };
}

describe('inbound SMTP server', () => {
  it('records a bounce sent to the VERP return path: a hard bounce suppresses the address', async () => {
    const { program, email, message } = await sentMessage();
    const raw = fs
      .readFileSync(path.join(dir, 'postfix-user-unknown.eml'), 'utf8')
      .replaceAll(FIXTURE_ID, message.id)
      .replaceAll('dana@example.co.il', email);
    const info = await client().sendMail({
      envelope: { from: '', to: returnPathFor(message.id, 'club.example') },
      raw,
    });
    expect(info.accepted).toEqual([returnPathFor(message.id, 'club.example')]);
    const events = await t.db
      .selectFrom('bounce_events')
      .select(['source', 'severity', 'reason', 'decision', 'message_id'])
      .where('program_id', '=', program.id)
      .execute();
    expect(events).toEqual([
      {
        source: 'smtp',
        severity: 'hard',
        reason: 'user_unknown',
        decision: 'suppressed',
        message_id: message.id,
      },
    ]);
    expect(await blockingSuppression(t.db, program.id, 'email', email, 'marketing')).toMatchObject({
      reason: 'bounce',
    });
    // The same report delivered twice (a retrying MTA) is recorded once.
    await client().sendMail({ envelope: { from: '', to: returnPathFor(message.id, 'club.example') }, raw });
    const again = await t.db
      .selectFrom('bounce_events')
      .select('id')
      .where('program_id', '=', program.id)
      .execute();
    expect(again).toHaveLength(1);
  });

  it('a vacation reply to the return path is recorded and ignored', async () => {
    const { program, email, message } = await sentMessage();
    const raw = fs
      .readFileSync(path.join(dir, 'autoreply-vacation-he.eml'), 'utf8')
      .replaceAll(FIXTURE_ID, message.id)
      .replaceAll('shira@example.co.il', email);
    await client().sendMail({
      envelope: { from: email, to: returnPathFor(message.id, 'club.example') },
      raw,
    });
    expect(await blockingSuppression(t.db, program.id, 'email', email, 'marketing')).toBeUndefined();
  });

  it('a mail to the List-Unsubscribe mailto unsubscribes the member through the consent history', async () => {
    const { program, member, email, message } = await sentMessage();
    const mailto = unsubscribeMailtoFor(message.id, 'club.example');
    const to = mailto.replace(/^mailto:/, '').replace(/\?.*$/, '');
    await client().sendMail({ from: email, to, subject: 'unsubscribe', text: 'unsubscribe' });
    const history = await consentHistory(t.db, program.id, member.id);
    expect(history.at(-1)).toMatchObject({
      channel: 'email',
      purpose: 'marketing',
      status: 'withdrawn',
      source: 'unsubscribe',
      sourceRef: message.id,
    });
    expect(await blockingSuppression(t.db, program.id, 'email', email, 'marketing')).toMatchObject({
      reason: 'unsubscribe',
    });
    // An unsubscribe blocks marketing only: the codes the member asks for still reach them.
    expect(await blockingSuppression(t.db, program.id, 'email', email, 'service')).toBeUndefined();
  });

  it('refuses every other recipient at RCPT, so it relays nothing', async () => {
    const { message } = await sentMessage();
    for (const to of ['someone@example.org', 'bounces+nothex@club.example', `x+${message.id}@club.example`]) {
      await expect(client().sendMail({ from: 'a@example.org', to, text: 'hi' })).rejects.toMatchObject({
        responseCode: 550,
      });
    }
    // A well-formed address of a message that does not exist is taken and dropped (nothing to tell anyone).
    const unknown = returnPathFor(crypto.randomUUID(), 'club.example');
    await expect(
      client().sendMail({ envelope: { from: '', to: unknown }, raw: 'From: a@b\r\nSubject: x\r\n\r\nhi' }),
    ).resolves.toMatchObject({ accepted: [unknown] });
  });
});
