// Every fixture in test/fixtures/bounces, read and classified as the table says. The fixtures are written
// from RFC 3464 / RFC 5965 and from each MTA's documented notice format.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from './classify.ts';
import { parseReturnedMail } from './parse.ts';
import { parseSesNotification, unwrapSns } from './webhooks.ts';

const dir = path.resolve(import.meta.dirname, '../../../../test/fixtures/bounces');
const ORIGINAL = '6f1c2b9e-0d7a-4c2e-9a51-3b8e2f4d1a00';

type Row = {
  file: string;
  type: 'bounce' | 'complaint' | 'auto_reply' | 'not_a_report';
  format?: string;
  address?: string;
  severity?: 'hard' | 'soft' | 'none';
  reason?: string;
  status?: string | null;
  mta?: string;
};

const table: Row[] = [
  // RFC 3464
  {
    file: 'rfc3464-user-unknown.eml',
    type: 'bounce',
    format: 'rfc3464',
    address: 'no.such.user@example.org',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.1',
    mta: 'mail.club.example',
  },
  {
    file: 'rfc3464-mailbox-full.eml',
    type: 'bounce',
    format: 'rfc3464',
    address: 'full.mailbox@example.net',
    severity: 'soft',
    reason: 'mailbox_full',
    status: '5.2.2',
  },
  {
    file: 'rfc3464-delayed.eml',
    type: 'bounce',
    format: 'rfc3464',
    address: 'slow@example.net',
    severity: 'none',
    reason: 'delayed',
    status: '4.4.7',
  },
  {
    file: 'rfc3464-moved.eml',
    type: 'bounce',
    format: 'rfc3464',
    address: 'gone@example.com',
    severity: 'hard',
    reason: 'moved',
    status: '5.1.6',
  },
  // Postfix
  {
    file: 'postfix-user-unknown.eml',
    type: 'bounce',
    format: 'postfix',
    address: 'dana@example.co.il',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.1',
    mta: 'mail.example.co.il',
  },
  {
    file: 'postfix-host-unknown.eml',
    type: 'bounce',
    format: 'postfix',
    address: 'someone@no-such-domain.example',
    severity: 'hard',
    reason: 'host_unknown',
    status: '5.4.4',
  },
  // Exim
  {
    file: 'exim-user-unknown.eml',
    type: 'bounce',
    format: 'exim',
    address: 'yossi@example.com',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.1',
    mta: 'smarthost.example.com',
  },
  {
    file: 'exim-over-quota.eml',
    type: 'bounce',
    format: 'exim',
    address: 'rivka@example.com',
    severity: 'soft',
    reason: 'mailbox_full',
    status: null,
  },
  {
    file: 'exim-unrouteable.eml',
    type: 'bounce',
    format: 'exim',
    address: 'avi@nowhere.invalid',
    severity: 'hard',
    reason: 'host_unknown',
    status: null,
  },
  // qmail
  {
    file: 'qmail-user-unknown.eml',
    type: 'bounce',
    format: 'qmail',
    address: 'moshe@example.net',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.1',
    mta: 'mail.example.net',
  },
  {
    file: 'qmail-remote-full.eml',
    type: 'bounce',
    format: 'qmail',
    address: 'sara@example.org',
    severity: 'soft',
    reason: 'mailbox_full',
    status: '5.2.2',
  },
  // Sendmail
  {
    file: 'sendmail-user-unknown.eml',
    type: 'bounce',
    format: 'sendmail',
    address: 'noa@example.com',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.1',
    mta: 'mail.example.com',
  },
  // Gmail
  {
    file: 'gmail-user-unknown.eml',
    type: 'bounce',
    format: 'gmail',
    address: 'nobody.here@gmail.com',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.1',
    mta: 'googlemail.com',
  },
  {
    file: 'gmail-policy-block.eml',
    type: 'bounce',
    format: 'gmail',
    address: 'ruth@gmail.com',
    severity: 'soft',
    reason: 'policy',
    status: '5.7.1',
  },
  {
    file: 'gmail-unauthenticated.eml',
    type: 'bounce',
    format: 'gmail',
    address: 'levi@gmail.com',
    severity: 'soft',
    reason: 'authentication',
    status: '5.7.26',
  },
  // Office 365
  {
    file: 'office365-user-unknown.eml',
    type: 'bounce',
    format: 'office365',
    address: 'avital@contoso.com',
    severity: 'hard',
    reason: 'user_unknown',
    status: '5.1.10',
  },
  {
    file: 'office365-dmarc-reject.eml',
    type: 'bounce',
    format: 'office365',
    address: 'eli@outlook.com',
    severity: 'soft',
    reason: 'authentication',
    status: '5.7.509',
  },
  // Yahoo
  {
    file: 'yahoo-user-unknown.eml',
    type: 'bounce',
    format: 'yahoo',
    address: 'tamar.nope@yahoo.com',
    severity: 'hard',
    reason: 'user_unknown',
    status: null,
    mta: 'mta1047.mail.ne1.yahoo.com',
  },
  {
    file: 'yahoo-deferred.eml',
    type: 'bounce',
    format: 'yahoo',
    address: 'gal@yahoo.com',
    severity: 'soft',
    reason: 'policy',
    status: '4.7.0',
  },
  // Servers with their own words and no enhanced code
  {
    file: 'generic-550-no-such-user.eml',
    type: 'bounce',
    format: 'plain-text',
    address: 'uri@old-isp.example',
    severity: 'hard',
    reason: 'user_unknown',
    status: null,
  },
  {
    file: 'generic-550-content-rejected.eml',
    type: 'bounce',
    format: 'plain-text',
    address: 'hila@strict.example',
    severity: 'soft',
    reason: 'policy',
    status: null,
  },
  // RFC 5965 complaints
  { file: 'arf-abuse.eml', type: 'complaint', format: 'arf', address: 'complainer@example.com' },
  { file: 'arf-yahoo-redacted.eml', type: 'complaint', format: 'arf', address: 'redacted@yahoo.com' },
  // Not bounces
  { file: 'autoreply-outlook-en.eml', type: 'auto_reply' },
  { file: 'autoreply-vacation-he.eml', type: 'auto_reply' },
  { file: 'autoreply-fa.eml', type: 'auto_reply' },
  { file: 'autoreply-x-autoreply.eml', type: 'auto_reply' },
  { file: 'human-reply.eml', type: 'not_a_report' },
];

describe('returned mail fixtures', () => {
  it('the table covers every fixture', () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files.sort()).toEqual(table.map((r) => r.file).sort());
  });

  it.each(table)('$file → $type $severity $reason', async (row) => {
    const report = await parseReturnedMail(fs.readFileSync(path.join(dir, row.file)));
    expect(report.type).toBe(row.type);
    if (report.type === 'bounce') {
      expect(report.format).toBe(row.format);
      expect(report.recipients).toHaveLength(1);
      const [r] = report.recipients;
      expect(r!.address).toBe(row.address);
      expect(r!.status).toBe(row.status);
      expect(r!.diagnostic).toBeTruthy();
      expect(classifyFailure(r!)).toEqual({ severity: row.severity, reason: row.reason });
      if (row.mta) expect(report.reportingMta).toBe(row.mta);
    }
    if (report.type === 'complaint') {
      expect(report.format).toBe(row.format);
      expect(report.recipients).toEqual([row.address]);
      expect(report.feedbackType).toBe('abuse');
    }
    if (row.type !== 'not_a_report' && row.type !== 'auto_reply') {
      // The returned copy names the message we sent, whether attached, headers only or quoted inline.
      expect(report.original.moadonMessageId).toBe(ORIGINAL);
      expect(report.original.messageId).toBe(`${ORIGINAL}@club.example`);
    }
  });

  it('keeps the reply-to path the bounce was delivered to', async () => {
    const report = await parseReturnedMail(fs.readFileSync(path.join(dir, 'gmail-user-unknown.eml')));
    expect(report.outer.returnPaths).toContain('bounces@club.example');
    expect(report.outer.from).toBe('mailer-daemon@googlemail.com');
  });

  it('reads the ARF fields as evidence', async () => {
    const report = await parseReturnedMail(fs.readFileSync(path.join(dir, 'arf-abuse.eml')));
    expect(report).toMatchObject({
      type: 'complaint',
      userAgent: 'SomeGenerator/1.0',
      sourceIp: '203.0.113.5',
      reportingMta: 'mail.example.com',
    });
  });

  it('does not throw on garbage', async () => {
    for (const junk of [
      '',
      'not an e-mail at all',
      '\u0000\u0001\u0002',
      'Content-Type: multipart/report\n\n--x',
    ]) {
      const report = await parseReturnedMail(junk);
      expect(['not_a_report', 'auto_reply', 'bounce']).toContain(report.type);
    }
  });
});

describe('classifyFailure', () => {
  it.each([
    [{ status: '5.1.1' }, 'hard', 'user_unknown'],
    [{ status: '5.1.2' }, 'hard', 'host_unknown'],
    [{ status: '5.1.6' }, 'hard', 'moved'],
    [{ status: '5.2.2', diagnostic: '552 mailbox full' }, 'soft', 'mailbox_full'],
    [{ status: '5.7.1', diagnostic: '550 5.7.1 Unknown user' }, 'soft', 'policy'], // the policy code wins
    [{ diagnostic: '550 Requested action not taken: mailbox unavailable' }, 'soft', 'unclassified'],
    [{ diagnostic: '550 User unknown' }, 'hard', 'user_unknown'],
    [{ diagnostic: '450 4.1.1 User unknown, try later' }, 'soft', 'user_unknown'], // a 4xx is never hard
    [
      { diagnostic: '554 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org' },
      'soft',
      'policy',
    ],
    [{ diagnostic: '535 5.7.8 Authentication failed' }, 'soft', 'authentication'],
    [{ diagnostic: '552 5.3.4 Message size exceeds fixed limit' }, 'soft', 'message_too_large'],
    [{ status: '5.0.0', diagnostic: 'smtp; 550 5.0.0 <x@y>... No such user' }, 'hard', 'user_unknown'],
    [{ action: 'delivered', status: '2.0.0' }, 'none', 'delivered'],
    [{}, 'soft', 'unclassified'],
  ] as const)('%o → %s %s', (facts, severity, reason) => {
    expect(classifyFailure(facts)).toEqual({ severity, reason });
  });
});

describe('Amazon SES notifications', () => {
  const read = (file: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  const ses = (file: string) => {
    const unwrapped = unwrapSns(read(file));
    if (unwrapped.kind !== 'notification') throw new Error('not a notification');
    return parseSesNotification(unwrapped.message);
  };

  it.each([
    ['ses-bounce-permanent.json', 'ses.nobody@example.com', 'hard', 'user_unknown'],
    ['ses-bounce-mailbox-full.json', 'ses.full@example.com', 'soft', 'mailbox_full'],
  ] as const)('%s → %s %s %s', (file, address, severity, reason) => {
    const report = ses(file);
    if (report.type !== 'bounce') throw new Error(report.type);
    expect(report.format).toBe('ses');
    expect(report.recipients.map((r) => r.address)).toEqual([address]);
    expect(classifyFailure(report.recipients[0]!)).toEqual({ severity, reason });
    expect(report.original.moadonMessageId).toBe(ORIGINAL);
  });

  it('reads a complaint inside the SNS envelope', () => {
    expect(ses('ses-complaint.json')).toMatchObject({
      type: 'complaint',
      recipients: ['ses.complainer@example.com'],
      userAgent: 'Yahoo!-Mail-Feedback/2.0',
      original: { moadonMessageId: ORIGINAL },
    });
  });

  it('a Transient bounce is never hard, whatever the remote code', () => {
    const report = parseSesNotification({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Transient',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: 'x@example.com', status: '5.1.1' }],
      },
    });
    if (report.type !== 'bounce') throw new Error(report.type);
    expect(classifyFailure(report.recipients[0]!).severity).toBe('soft');
  });

  it('passes a subscription confirmation through', () => {
    expect(
      unwrapSns({ Type: 'SubscriptionConfirmation', SubscribeURL: 'https://sns.example/confirm' }),
    ).toEqual({
      kind: 'subscription',
      subscribeUrl: 'https://sns.example/confirm',
    });
  });
});
