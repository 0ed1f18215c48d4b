// Reads a returned e-mail (RFC 822 source, MIME parsed by mailparser) into what it reports: a bounce with its
// recipients' status codes and diagnostics, a complaint, an automatic answer, or nothing we act on. Handles
// RFC 3464 delivery-status reports (Postfix, Sendmail, Gmail, Office 365 and any MTA that follows the RFC),
// RFC 5965 feedback reports, and the plain-text notices of Exim, qmail and Yahoo.
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { autoReplyReason } from './auto-reply.ts';
import { enhancedStatusIn, smtpCodeIn } from './classify.ts';
import { parsePlainTextBounce } from './plain-text.ts';
import {
  bareAddress,
  field,
  headerIn,
  messageIdValue,
  parseFieldGroups,
  typedValue,
} from './report-fields.ts';

export type BounceFormat =
  | 'rfc3464'
  | 'postfix'
  | 'sendmail'
  | 'gmail'
  | 'office365'
  | 'exim'
  | 'qmail'
  | 'yahoo'
  | 'plain-text'
  | 'arf'
  | 'ses'
  | 'webhook';

export interface BouncedRecipient {
  address: string;
  action: string | null;
  status: string | null;
  smtpCode: number | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

/** What identifies the message that came back: its Message-ID and our X-Moadon-Message header. */
export interface OriginalMessage {
  messageId: string | null;
  moadonMessageId: string | null;
  to: string | null;
}

/** The returned mail's own envelope and headers, kept as evidence. */
export interface OuterMessage {
  from: string | null;
  subject: string | null;
  date: string | null;
  messageId: string | null;
  /** Where it was delivered: the return path (VERP) it came back to, from Delivered-To, X-Original-To, To. */
  returnPaths: string[];
}

interface Common {
  original: OriginalMessage;
  outer: OuterMessage;
}

export type ReturnedMail =
  | (Common & {
      type: 'bounce';
      format: BounceFormat;
      reportingMta: string | null;
      recipients: BouncedRecipient[];
    })
  | (Common & {
      type: 'complaint';
      format: BounceFormat;
      feedbackType: string;
      userAgent: string | null;
      reportingMta: string | null;
      sourceIp: string | null;
      arrivalDate: string | null;
      recipients: string[];
    })
  | (Common & { type: 'auto_reply'; reason: string })
  | (Common & { type: 'not_a_report'; reason: string });

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .map((a) => a.address?.toLowerCase())
    .filter((a): a is string => !!a);

function headerString(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'text' in v) return String((v as { text: unknown }).text);
  return String(v);
}

function outerOf(mail: ParsedMail): OuterMessage {
  const delivered = ['delivered-to', 'x-original-to', 'envelope-to']
    .map((h) => bareAddress(headerString(mail, h)))
    .filter((a): a is string => !!a);
  return {
    from: addresses(mail.from)[0] ?? null,
    subject: mail.subject ?? null,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    messageId: messageIdValue(mail.messageId ?? null),
    returnPaths: [...new Set([...delivered, ...addresses(mail.to)])],
  };
}

/** The original message's identifiers, from the returned copy or headers (attached, inline or quoted). */
function originalOf(mail: ParsedMail, raw: string, extraIds: (string | null)[]): OriginalMessage {
  const copies = mail.attachments
    .filter((a) =>
      ['message/rfc822', 'text/rfc822-headers', 'message/rfc822-headers'].includes(a.contentType),
    )
    .map((a) => a.content.toString('utf8'));
  // The outer headers end at the first blank line; what follows may quote the original (Exim, qmail, inline ARF).
  const body = raw.slice(raw.search(/\r?\n\r?\n/) + 1);
  const sources = [...copies, body];
  const first = (name: string) => {
    for (const s of sources) {
      const v = headerIn(s, name);
      if (v) return v;
    }
    return null;
  };
  const moadon = first('X-Moadon-Message');
  return {
    messageId: messageIdValue(first('Message-ID')) ?? extraIds.map(messageIdValue).find((v) => !!v) ?? null,
    moadonMessageId: moadon ? moadon.trim() : null,
    to: bareAddress(copies.map((c) => headerIn(c, 'To')).find((v) => !!v) ?? null),
  };
}

function formatOfDsn(mail: ParsedMail, perMessage: Map<string, string[]> | undefined, diag: string) {
  const mta = (field(perMessage, 'reporting-mta') ?? '').toLowerCase();
  if (field(perMessage, 'x-postfix-queue-id') || /^x-postfix;/i.test(diag)) return 'postfix';
  if (mta.includes('google')) return 'gmail';
  if (mail.headers.has('x-ms-exchange-message-is-ndr') || /outlook\.com|exchangelabs|office365/.test(mta))
    return 'office365';
  if (/-{3,} transcript of session follows -{3,}/i.test(mail.text ?? '')) return 'sendmail';
  return 'rfc3464';
}

function deliveryStatusReport(mail: ParsedMail, raw: string, statusText: string): ReturnedMail {
  const [perMessage, ...perRecipient] = parseFieldGroups(statusText);
  const recipients: BouncedRecipient[] = perRecipient
    .map((g) => {
      const address = bareAddress(typedValue(field(g, 'final-recipient') ?? field(g, 'original-recipient')));
      const diagnostic = typedValue(field(g, 'diagnostic-code'));
      const status = field(g, 'status');
      return address
        ? {
            address,
            action: field(g, 'action')?.toLowerCase() ?? null,
            status: enhancedStatusIn(status) ?? enhancedStatusIn(diagnostic),
            smtpCode: smtpCodeIn(diagnostic),
            diagnostic,
            remoteMta: typedValue(field(g, 'remote-mta')),
          }
        : null;
    })
    .filter((r): r is BouncedRecipient => r !== null);
  const firstDiag = perRecipient.map((g) => field(g, 'diagnostic-code')).find((d) => !!d) ?? '';
  return {
    type: 'bounce',
    format: formatOfDsn(mail, perMessage, firstDiag),
    reportingMta: typedValue(field(perMessage, 'reporting-mta')),
    recipients,
    original: originalOf(mail, raw, [field(perMessage, 'x-original-message-id')]),
    outer: outerOf(mail),
  };
}

function feedbackReport(mail: ParsedMail, raw: string, reportText: string): ReturnedMail {
  const [g] = parseFieldGroups(reportText);
  const original = originalOf(mail, raw, []);
  const rcpts = (g?.get('original-rcpt-to') ?? []).map(bareAddress).filter((a): a is string => !!a);
  return {
    type: 'complaint',
    format: 'arf',
    feedbackType: field(g, 'feedback-type')?.toLowerCase() ?? 'abuse',
    userAgent: field(g, 'user-agent'),
    reportingMta: typedValue(field(g, 'reporting-mta')),
    sourceIp: field(g, 'source-ip'),
    arrivalDate: field(g, 'arrival-date') ?? field(g, 'received-date'),
    recipients: rcpts.length ? rcpts : original.to ? [original.to] : [],
    original,
    outer: outerOf(mail),
  };
}

/** Parses the source of a returned e-mail. Never throws on odd input: what it cannot read is 'not_a_report'. */
export async function parseReturnedMail(source: Buffer | string): Promise<ReturnedMail> {
  const raw = typeof source === 'string' ? source : source.toString('latin1');
  const mail = await simpleParser(source, { keepDeliveryStatus: true, skipImageLinks: true });
  const part = (type: string) => mail.attachments.find((a) => a.contentType === type)?.content.toString();

  const feedback = part('message/feedback-report');
  if (feedback) return feedbackReport(mail, raw, feedback);
  const status = part('message/delivery-status') ?? part('message/global-delivery-status');
  if (status) return deliveryStatusReport(mail, raw, status);

  const plain = parsePlainTextBounce({
    from: addresses(mail.from)[0] ?? null,
    subject: mail.subject ?? null,
    text: mail.text ?? '',
    failedRecipients: headerString(mail, 'x-failed-recipients'),
    received: headerString(mail, 'received'),
  });
  const original = originalOf(mail, raw, []);
  if (plain) return { type: 'bounce', ...plain, original, outer: outerOf(mail) };

  const auto = autoReplyReason(mail.headers, mail.subject);
  if (auto) return { type: 'auto_reply', reason: auto, original, outer: outerOf(mail) };
  return {
    type: 'not_a_report',
    reason: 'neither a delivery report nor a complaint',
    original,
    outer: outerOf(mail),
  };
}
