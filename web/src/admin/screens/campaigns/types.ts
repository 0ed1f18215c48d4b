// Shapes of the campaigns and contact-policy APIs as the screens read them (docs/campaigns.md,
// docs/contact-policy.md).
export const CAP_WINDOWS = ['day', 'week', 'month'] as const;
export const REST_DAYS = ['shabbat', 'jewish_holidays', 'friday'] as const;
export const HOLD_REASONS = ['frequency_cap', 'quiet_hours', 'rest_day'] as const;
export type RestDay = (typeof REST_DAYS)[number];
export type HoldReason = (typeof HOLD_REASONS)[number];
export type OnExceed = 'defer' | 'drop';

export interface ContactPolicy {
  caps: Record<(typeof CAP_WINDOWS)[number], number | null>;
  quietHours: { start: string; end: string } | null;
  restDays: RestDay[];
  onExceed: OnExceed;
}

export interface PolicyView {
  policy: ContactPolicy;
  saved: boolean;
  suggested: ContactPolicy;
  timeZone: string;
  region: string;
}

export interface PolicyPreview {
  audience: number;
  send: number;
  deferred: {
    count: number;
    byReason: Record<HoldReason, number>;
    earliest: string | null;
    latest: string | null;
  };
  dropped: { count: number; byReason: Record<HoldReason, number> };
}

export type CampaignState =
  'draft' | 'scheduled' | 'sending' | 'paused' | 'awaiting_winner' | 'sent' | 'cancelled';
export type Schedule =
  { kind: 'now' } | { kind: 'at'; at: string } | { kind: 'local'; date: string; time: string };
export interface Audience {
  lists: string[];
  segments: string[];
  excludeLists: string[];
  excludeSegments: string[];
}
export interface Variant {
  key?: string;
  templateId: string;
  subject?: string | null;
}
export interface Campaign {
  id: string;
  name: string;
  channel: 'email' | 'sms';
  audience: Audience;
  variants: Variant[];
  abTest: {
    testPercent: number;
    metric: 'open' | 'click' | 'conversion';
    winnerDelayMinutes: number | null;
  } | null;
  holdoutPercent: number;
  attributionDays: number;
  onExceed: OnExceed;
  schedule: Schedule;
  /** At most this many messages a minute; null: as fast as the transport allows. */
  sendRatePerMinute: number | null;
  state: CampaignState;
  progress: Progress;
  winner: { variant: string; source: 'auto' | 'manual'; pickedAt: string } | null;
  recordedAt?: string | null;
  createdAt: string;
}
export interface Progress {
  audience: number;
  queued: number;
  sending: number;
  sent: number;
  deferred: number;
  failed: number;
  suppressed: number;
  skipped: number;
  awaitingWinner: number;
}
export interface AudienceCount {
  audience: number;
  eligible: number;
  notSendable: { noConsent: number; invalidAddress: number; suppressed: number };
}

export type PreviewOutcome = 'send' | 'deferred' | 'skipped' | 'suppressed';
/** GET …/campaigns/{id}/preview: what launching the draft now would do; the outcomes add up to the audience. */
export interface CampaignPreview {
  audience: number;
  decidedAt: string | null;
  outcomes: Record<PreviewOutcome, number>;
  reasons: { outcome: Exclude<PreviewOutcome, 'send'>; reason: string; count: number }[];
  deferred: { earliest: string | null; latest: string | null };
  variants: { key: string; count: number }[];
  sample: {
    memberId: string;
    name: string;
    to: string;
    outcome: PreviewOutcome;
    reason: string | null;
    variant: string | null;
    until: string | null;
  }[];
}
/** GET …/campaigns/{id}/accounting: where every message went. */
export interface Accounting {
  audience: number;
  totals: Progress;
  reasons: {
    outcome: 'deferred' | 'failed' | 'suppressed' | 'skipped';
    reason: string | null;
    count: number;
  }[];
  unexplained: number;
  balanced: boolean;
}
