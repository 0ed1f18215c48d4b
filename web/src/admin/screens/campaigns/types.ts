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
