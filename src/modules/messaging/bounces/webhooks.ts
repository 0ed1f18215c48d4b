// Bounce and complaint notifications that providers post as JSON: Amazon SES notifications (as SES sends them
// to SNS, raw or inside the SNS envelope; "notificationType" or event publishing's "eventType"), and our generic
// shape for any other provider. Pure: JSON in, the same ReturnedMail the e-mail parser gives, out.
import type { BouncedRecipient, OriginalMessage, ReturnedMail } from './parse.ts';
import { enhancedStatusIn, smtpCodeIn } from './classify.ts';
import { bareAddress, messageIdValue, typedValue } from './report-fields.ts';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class NotificationError extends Error {}

/** An SNS envelope's inner message, or the object itself. SubscriptionConfirmation is returned as such. */
export function unwrapSns(
  body: Json,
): { kind: 'subscription'; subscribeUrl: string | null } | { kind: 'notification'; message: Json } {
  if (body.Type === 'SubscriptionConfirmation' || body.Type === 'UnsubscribeConfirmation') {
    return { kind: 'subscription', subscribeUrl: str(body.SubscribeURL) };
  }
  if (body.Type === 'Notification' && typeof body.Message === 'string') {
    try {
      return { kind: 'notification', message: obj(JSON.parse(body.Message)) };
    } catch {
      throw new NotificationError('The SNS Message is not JSON');
    }
  }
  return { kind: 'notification', message: body };
}

function sesOriginal(mail: Json): OriginalMessage {
  const headers = arr(mail.headers).map(obj);
  const header = (name: string) =>
    str(headers.find((h) => String(h.name).toLowerCase() === name.toLowerCase())?.value);
  const common = obj(mail.commonHeaders);
  return {
    messageId: messageIdValue(header('Message-ID') ?? str(common.messageId)),
    moadonMessageId: header('X-Moadon-Message'),
    to: bareAddress(arr(mail.destination).map(str)[0] ?? null),
  };
}

/** SES bounceType/bounceSubType as the enhanced status we classify by, when SES gives no status of its own. */
const SES_SUBTYPE_STATUS: Record<string, string> = {
  NoEmail: '5.1.1',
  Suppressed: '5.1.1', // on SES's own suppression list: it bounced hard before
  OnAccountSuppressionList: '5.1.1',
  MailboxFull: '5.2.2',
  MessageTooLarge: '5.3.4',
  ContentRejected: '5.7.1',
  AttachmentRejected: '5.7.1',
};

export function parseSesNotification(message: Json): ReturnedMail {
  const type = str(message.notificationType) ?? str(message.eventType);
  const mail = obj(message.mail);
  const original = sesOriginal(mail);
  const outer = {
    from: str(mail.source),
    subject: str(obj(mail.commonHeaders).subject),
    date: str(mail.timestamp),
    messageId: str(mail.messageId),
    returnPaths: [],
  };
  if (type === 'Bounce') {
    const bounce = obj(message.bounce);
    const bounceType = str(bounce.bounceType);
    const subType = str(bounce.bounceSubType) ?? '';
    const recipients: BouncedRecipient[] = arr(bounce.bouncedRecipients)
      .map(obj)
      .map((r) => {
        const diagnostic = str(r.diagnosticCode);
        const status =
          enhancedStatusIn(str(r.status)) ??
          enhancedStatusIn(diagnostic) ??
          SES_SUBTYPE_STATUS[subType] ??
          (bounceType === 'Transient' ? '4.0.0' : bounceType === 'Permanent' ? '5.0.0' : null);
        return {
          address: bareAddress(str(r.emailAddress)) ?? '',
          action: str(r.action) ?? 'failed',
          // A transient bounce is never hard, whatever code the remote server gave.
          status: bounceType === 'Transient' && status?.startsWith('5.') ? `4${status.slice(1)}` : status,
          smtpCode: smtpCodeIn(diagnostic),
          diagnostic: diagnostic ?? `SES ${bounceType ?? 'Undetermined'}/${subType || 'General'}`,
          remoteMta: typedValue(str(bounce.remoteMtaIp)),
        };
      })
      .filter((r) => r.address);
    return {
      type: 'bounce',
      format: 'ses',
      reportingMta: typedValue(str(bounce.reportingMTA)),
      recipients,
      original,
      outer,
    };
  }
  if (type === 'Complaint') {
    const complaint = obj(message.complaint);
    return {
      type: 'complaint',
      format: 'ses',
      feedbackType: str(complaint.complaintFeedbackType) ?? 'abuse',
      userAgent: str(complaint.userAgent),
      reportingMta: null,
      sourceIp: null,
      arrivalDate: str(complaint.arrivalDate),
      recipients: arr(complaint.complainedRecipients)
        .map((r) => bareAddress(str(obj(r).emailAddress)))
        .filter((a): a is string => !!a),
      original,
      outer,
    };
  }
  return { type: 'not_a_report', reason: `SES notification type ${type ?? 'missing'}`, original, outer };
}

/** The generic webhook: { type: "bounce" | "complaint", email, status?, diagnostic?, messageId?, … }. */
export interface GenericNotification {
  type: 'bounce' | 'complaint';
  email: string;
  status?: string | undefined;
  smtpCode?: number | undefined;
  diagnostic?: string | undefined;
  /** Our message id (X-Moadon-Message) or the Message-ID header of the message that bounced. */
  messageId?: string | undefined;
  feedbackType?: string | undefined;
  reportingMta?: string | undefined;
  provider?: string | undefined;
}

export function parseGenericNotification(n: GenericNotification): ReturnedMail {
  const email = bareAddress(n.email) ?? n.email.toLowerCase();
  const id = n.messageId ? messageIdValue(n.messageId) : null;
  const uuid = id && /^[0-9a-f-]{36}$/i.test(id) ? id : null;
  const original = { messageId: uuid ? null : id, moadonMessageId: uuid, to: email };
  const outer = { from: n.provider ?? null, subject: null, date: null, messageId: null, returnPaths: [] };
  if (n.type === 'complaint') {
    return {
      type: 'complaint',
      format: 'webhook',
      feedbackType: n.feedbackType ?? 'abuse',
      userAgent: n.provider ?? null,
      reportingMta: n.reportingMta ?? null,
      sourceIp: null,
      arrivalDate: null,
      recipients: [email],
      original,
      outer,
    };
  }
  return {
    type: 'bounce',
    format: 'webhook',
    reportingMta: n.reportingMta ?? null,
    recipients: [
      {
        address: email,
        action: 'failed',
        status: enhancedStatusIn(n.status) ?? enhancedStatusIn(n.diagnostic),
        smtpCode: n.smtpCode ?? smtpCodeIn(n.diagnostic),
        diagnostic: n.diagnostic ?? null,
        remoteMta: null,
      },
    ],
    original,
    outer,
  };
}
