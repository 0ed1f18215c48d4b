// Real SMTP: a marketing e-mail is delivered to an smtp-server, and the message as it arrived is checked with
// mailauth (DKIM signature against the TXT record we tell the club to publish) and mailparser.
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, setupTest, type TestContext } from '../../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../../test/mail-server.ts';
import { Worker } from '../../../platform/jobs/index.ts';
import { openWith } from '../../../platform/sealed.ts';
import { getSigningSecret } from '../../../platform/secret.ts';
import { SYSTEM_ACTOR } from '../../audit/index.ts';
import { createMember } from '../../members/index.ts';
import { memberLinks } from '../../membership/index.ts';
import { closeSmtpTransports } from '../channels/smtp.ts';
import { messagingJobs, queueMessage } from '../index.ts';
import { addSendingDomain, DKIM_PURPOSE, type SendingDomain } from './domains.ts';
import { messageFromReturnPath, parseVerpAddress, returnPathFor } from './verp.ts';

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
const linkCtx = () => ({ db: t.db, clock: t.clock, config: { publicUrl: 'https://club.example' } });

/** A resolver that answers the DKIM record of these domains, as DNS would once the club published it. */
const resolverFor =
  (...domains: SendingDomain[]) =>
  async (name: string, type: string) => {
    const found = domains.find((d) => d.dkimRecord.name === name);
    if (type !== 'TXT' || !found) throw Object.assign(new Error(`no ${type} ${name}`), { code: 'ENOTFOUND' });
    return [[found.dkimRecord.value]];
  };

async function sendMarketing(domainName: string) {
  const program = await makeProgram(t.db, { name: 'מועדון הקפה' });
  const domain = await addSendingDomain({ ...t, config: {} }, program.id, domainName);
  const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
    email: `m-${unique()}@example.com`,
    locale: 'he',
  });
  const links = await memberLinks(linkCtx(), program.id, member.id);
  const message = await queueMessage(t.db, t.clock, {
    programId: program.id,
    memberId: member.id,
    channel: 'email',
    kind: 'campaign',
    purpose: 'marketing',
    to: member.email!,
    locale: 'he',
    subject: 'מבצע השבוע',
    text: 'מבצע השבוע',
    html: '<p>מבצע השבוע</p>',
    unsubscribeUrl: links.unsubscribeUrl,
  });
  await new Worker({
    db: t.db,
    clock: t.clock,
    config: { smtpUrl: mail.url, mailFrom: `club@${domainName}` },
    modules: [messagingJobs],
  }).drain();
  const delivery = mail.deliveries.find((d) => d.rcptTo.includes(member.email!));
  if (!delivery) throw new Error('not delivered');
  return { program, domain, member, links, message, delivery };
}

describe('DKIM-signed marketing e-mail over real SMTP', () => {
  it('arrives signed by the From domain, the signature covering List-Unsubscribe and List-Unsubscribe-Post', async () => {
    const { domain, links, message, delivery } = await sendMarketing(`${unique()}.example`);
    const verified = await dkimVerify(delivery.raw, { resolver: resolverFor(domain) });
    expect(verified.results).toHaveLength(1);
    const [result] = verified.results;
    expect(result!.status.result).toBe('pass');
    expect(result!.signingDomain).toBe(domain.domain);
    expect(result!.selector).toBe(domain.selector);
    // mailauth's types leave out signingHeaders; its value is the h= list, e.g. "From: Subject: …".
    const { signingHeaders } = result as unknown as { signingHeaders: { keys: string } };
    const signed = String(signingHeaders.keys).toLowerCase().split(/:\s*/);
    expect(signed).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject']),
    );

    const header = (name: string) => delivery.mail.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const listUnsubscribe = header('list-unsubscribe')!.replace(/\r?\n\s+/g, ' ');
    expect(listUnsubscribe).toContain(`<${links.unsubscribeUrl}>`);
    expect(listUnsubscribe).toMatch(/<mailto:unsubscribe\+[0-9a-f]{32}@/);
    expect(parseVerpAddress(/<(mailto:[^>]+)>/.exec(listUnsubscribe)![1]!)).toEqual({
      kind: 'unsubscribe',
      messageId: message.id,
    });

    // The envelope sender is the message's own return path, and it leads back to the message.
    expect(delivery.mailFrom).toBe(returnPathFor(message.id, domain.domain));
    expect(messageFromReturnPath(delivery.mailFrom!)).toBe(message.id);
  });

  it('a List-Unsubscribe changed on the way breaks the signature (it is covered, not merely present)', async () => {
    const { domain, delivery } = await sendMarketing(`${unique()}.example`);
    const raw = delivery.raw.toString('latin1');
    const tampered = raw.replace(/^(List-Unsubscribe:\s*<https:\/\/)club\.example\//m, '$1evil.example/');
    expect(tampered).not.toBe(raw);
    const verified = await dkimVerify(Buffer.from(tampered, 'latin1'), { resolver: resolverFor(domain) });
    expect(verified.results[0]!.status.result).toBe('fail');
  });

  it('mail from a domain that is not a sending domain goes out unsigned', async () => {
    const program = await makeProgram(t.db);
    const to = `m-${unique()}@example.com`;
    await queueMessage(t.db, t.clock, {
      programId: program.id,
      channel: 'email',
      kind: 'otp',
      purpose: 'service',
      to,
      subject: 'Code',
      text: 'Your code is 123456',
    });
    await new Worker({
      db: t.db,
      clock: t.clock,
      config: { smtpUrl: mail.url, mailFrom: `club@${unique()}.example` },
      modules: [messagingJobs],
    }).drain();
    const delivery = mail.deliveries.find((d) => d.rcptTo.includes(to))!;
    expect(delivery.mail.headers.has('dkim-signature')).toBe(false);
    expect(delivery.mail.headers.has('list-unsubscribe')).toBe(false);
  });

  it('keeps the DKIM private key sealed at rest; only the signing secret opens it', async () => {
    const program = await makeProgram(t.db);
    const domain = await addSendingDomain({ ...t, config: {} }, program.id, `${unique()}.example`);
    const row = await t.db
      .selectFrom('sending_domains')
      .selectAll()
      .where('id', '=', domain.id)
      .executeTakeFirstOrThrow();
    expect(row.dkim_private_key_sealed).not.toMatch(/PRIVATE KEY/);
    const pem = openWith(await getSigningSecret(t.db), DKIM_PURPOSE, row.dkim_private_key_sealed);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(() =>
      openWith('another secret of enough length 0123456789', DKIM_PURPOSE, row.dkim_private_key_sealed),
    ).toThrow(/cannot be opened/);
    expect(domain.dkimRecord).toEqual({
      name: `${domain.selector}._domainkey.${domain.domain}`,
      type: 'TXT',
      value: `v=DKIM1; k=rsa; p=${row.dkim_public_key}`,
    });
  });

  it('the one-click POST from List-Unsubscribe unsubscribes without cookies and answers 200, no redirect', async () => {
    const { program, member, links, delivery } = await sendMarketing(`${unique()}.example`);
    const url = /<(https:[^>]+)>/.exec(
      delivery.mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line,
    )![1]!;
    expect(url).toBe(links.unsubscribeUrl);
    const res = await t.app.inject({
      method: 'POST',
      url: new URL(url).pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    const suppression = await t.db
      .selectFrom('suppressions')
      .selectAll()
      .where('program_id', '=', program.id)
      .where('address', '=', member.email!)
      .executeTakeFirst();
    expect(suppression).toMatchObject({ channel: 'email', reason: 'unsubscribe' });
  });
});

describe('VERP addresses', () => {
  it('round-trips a message id and refuses what is not ours', () => {
    const id = '0b1e6a52-7f3d-4c1e-9a3b-2d4c5e6f7a8b';
    const address = returnPathFor(id, 'club.example');
    expect(address).toBe('bounces+0b1e6a527f3d4c1e9a3b2d4c5e6f7a8b@club.example');
    expect(messageFromReturnPath(address)).toBe(id);
    expect(messageFromReturnPath(`<${address.toUpperCase()}>`)).toBe(id);
    expect(messageFromReturnPath('unsubscribe+0b1e6a527f3d4c1e9a3b2d4c5e6f7a8b@club.example')).toBeNull();
    expect(messageFromReturnPath('bounces@club.example')).toBeNull();
    expect(messageFromReturnPath('bounces+0b1e6a52@club.example')).toBeNull();
    expect(messageFromReturnPath('someone+0b1e6a527f3d4c1e9a3b2d4c5e6f7a8b@club.example')).toBeNull();
  });
});
