import type { I18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';

export interface MessageRow {
  id: string;
  channel: 'email' | 'sms';
  subject: string | null;
  text: string;
  status: string;
  lastError: string | null;
  createdAt: string;
  /** The status history's last detail, fetched for messages that were not sent. */
  why?: string | null;
}

export interface BounceEvidence {
  id: string;
  receivedAt: string;
  type: string;
  severity: string | null;
  reason: string | null;
  statusCode: string | null;
  smtpCode: number | null;
  diagnostic: string | null;
  format: string | null;
  reportingMta: string | null;
  originalMessageId: string | null;
  feedbackType: string | null;
  decisionDetail: string | null;
}

export interface SuppressionRow {
  channel: 'email' | 'sms';
  address: string;
  reason: 'unsubscribe' | 'bounce' | 'complaint' | 'manual';
  source: string | null;
  createdAt: string;
  evidence: BounceEvidence | null;
}

export interface SmsSettings {
  provider: 'outbox' | 'webhook' | 'twilio';
  sender: string | null;
  webhookUrl: string | null;
  twilioAccountSid: string | null;
  twilioAuthTokenSet: boolean;
  apiBaseUrl: string | null;
  costPerSegmentMinor: number;
  twilioStatusCallbackUrl?: string;
}

export interface SmsEstimate {
  encoding: 'gsm7' | 'ucs2';
  units: number;
  segments: number;
  perSegment: number;
  remaining: number;
  nonGsmCharacters: string[];
  costMinor: number;
  currency: string;
}

const GOOD = new Set(['sent', 'delivered']);
const BAD = new Set(['failed', 'bounced', 'complained', 'suppressed']);

export function statusBadge(t: I18n['t'], status: string) {
  const tone = GOOD.has(status) ? 'badge-success' : BAD.has(status) ? 'badge-danger' : 'badge-warning';
  return <span className={`badge ${tone}`}>{labelOf(t, 'msg.status', status)}</span>;
}
