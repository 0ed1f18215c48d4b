// The contact-pressure policy of a program: how many marketing messages a member may get per day, week and
// month across every campaign, journey and channel, the local hours and the rest days when none is sent, and
// what a sender does by default with a message the policy holds back.
export type ContactChannel = 'email' | 'sms';
export type ContactPurpose = 'marketing' | 'service';
export type OnExceed = 'defer' | 'drop';
export type HoldReason = 'frequency_cap' | 'quiet_hours' | 'rest_day';
/** 'shabbat' and 'jewish_holidays' follow the Israeli calendar (hebcal); 'friday' is the member's local Friday. */
export type RestDay = 'shabbat' | 'jewish_holidays' | 'friday';

export const ON_EXCEED = ['defer', 'drop'] as const satisfies readonly OnExceed[];
export const HOLD_REASONS = [
  'frequency_cap',
  'quiet_hours',
  'rest_day',
] as const satisfies readonly HoldReason[];
export const REST_DAYS = ['shabbat', 'jewish_holidays', 'friday'] as const satisfies readonly RestDay[];
export const CAP_WINDOWS = ['day', 'week', 'month'] as const;
export type CapWindow = (typeof CAP_WINDOWS)[number];

/** At most this many marketing messages per member in a window; null: no cap. */
export type Caps = Record<CapWindow, number | null>;

export interface QuietHours {
  /** 'HH:MM' local; quiet from here… */
  start: string;
  /** …until here ('09:00'); before start means the quiet spans midnight. */
  end: string;
}

export interface ContactPressurePolicy {
  caps: Caps;
  quietHours: QuietHours | null;
  restDays: RestDay[];
  /** What a campaign does with what the policy holds back unless it says otherwise. */
  onExceed: OnExceed;
}

/** A program that never saved a policy sends without holding anything back (the admin screen proposes one). */
export const NO_POLICY: ContactPressurePolicy = {
  caps: { day: null, week: null, month: null },
  quietHours: null,
  restDays: [],
  onExceed: 'defer',
};

/** What the admin screen proposes for a program's region (Israel: Shabbat and holidays; Iran: Friday). */
export function suggestedPolicy(region: string): ContactPressurePolicy {
  const restDays: RestDay[] =
    region === 'IL' ? ['shabbat', 'jewish_holidays'] : region === 'IR' ? ['friday'] : [];
  return {
    caps: { day: 1, week: 3, month: 8 },
    quietHours: { start: '21:00', end: '09:00' },
    restDays,
    onExceed: 'defer',
  };
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const isLocalTime = (value: string) => HH_MM.test(value);

/** Minutes after local midnight of an 'HH:MM'. */
export function minutesOf(value: string): number {
  const [h, m] = value.split(':').map(Number);
  return h! * 60 + m!;
}
