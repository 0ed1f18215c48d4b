// What a template can say: the variables of one render, their shape (checked when a template is saved, so a
// typo is an error then and not at send time) and a sample member for previews.
import type { TemplateLocale } from './filters.ts';

/** Filled by whoever sends: a coupon issued for this very send, the member's referral link. */
export interface PerSendValues {
  coupon?: { code: string; expiresAt?: Date | string | null | undefined } | null | undefined;
  referralUrl?: string | null | undefined;
  /** Service messages: the double opt-in link and how long it is valid. */
  confirm?: { url: string; validHours: number } | null | undefined;
  /** Service messages: a sign-in code and how long it is valid. */
  signIn?: { code: string; validMinutes: number } | null | undefined;
}

export interface SenderIdentity {
  businessName: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface RenderMember {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  locale: TemplateLocale;
  calendar: string | null;
  timeZone: string;
  tierKey: string | null;
  tierName: string | null;
  points: { balance: number; pending: number; expiring: number; expiringAt: Date | string | null };
}

export interface RenderLinks {
  portal: string;
  unsubscribe: string;
  preferences: string;
}

/** The Liquid scope: snake_case, every key always present (null when unknown) so strict mode is exact. */
export function renderScope(input: {
  member: RenderMember;
  sender: SenderIdentity;
  programName: string;
  links: RenderLinks;
  perSend?: PerSendValues | undefined;
}) {
  const { member, sender, links, perSend } = input;
  return {
    member: {
      first_name: member.firstName,
      last_name: member.lastName,
      email: member.email,
      phone: member.phone,
      locale: member.locale,
      tier: member.tierKey,
      tier_name: member.tierName,
    },
    points: {
      balance: member.points.balance,
      pending: member.points.pending,
      expiring: member.points.expiring,
      expiring_at: member.points.expiringAt,
    },
    coupon: { code: perSend?.coupon?.code ?? null, expires_at: perSend?.coupon?.expiresAt ?? null },
    links: {
      portal: links.portal,
      referral: perSend?.referralUrl ?? null,
      unsubscribe: links.unsubscribe,
      preferences: links.preferences,
      confirm: perSend?.confirm?.url ?? null,
    },
    confirm: { valid_hours: perSend?.confirm?.validHours ?? null },
    sign_in: { code: perSend?.signIn?.code ?? null, valid_minutes: perSend?.signIn?.validMinutes ?? null },
    program: {
      name: input.programName,
      business_name: sender.businessName,
      address: sender.address,
      contact_email: sender.contactEmail,
      contact_phone: sender.contactPhone,
      /** Business name, address, phone, e-mail — those given, joined: the footer's line. */
      contact_line: [sender.businessName, sender.address, sender.contactPhone, sender.contactEmail]
        .filter((part) => part && part.trim())
        .join(' · '),
    },
  };
}

export type RenderScope = ReturnType<typeof renderScope>;

/** The variables a template may use, as a tree; `true` is a leaf. Kept next to renderScope on purpose. */
export const KNOWN_VARIABLES = {
  member: {
    first_name: true,
    last_name: true,
    email: true,
    phone: true,
    locale: true,
    tier: true,
    tier_name: true,
  },
  points: { balance: true, pending: true, expiring: true, expiring_at: true },
  coupon: { code: true, expires_at: true },
  links: { portal: true, referral: true, unsubscribe: true, preferences: true, confirm: true },
  confirm: { valid_hours: true },
  sign_in: { code: true, valid_minutes: true },
  program: {
    name: true,
    business_name: true,
    address: true,
    contact_email: true,
    contact_phone: true,
    contact_line: true,
  },
} as const;

type Tree = { readonly [key: string]: Tree | true };

/** undefined when the path names a known variable; otherwise the first segment that is unknown. */
export function unknownSegment(path: readonly (string | number)[]): string | undefined {
  let node: Tree | true = KNOWN_VARIABLES;
  const walked: string[] = [];
  for (const segment of path) {
    // Past a leaf, Liquid's own properties (size, first, last) are fine: `{{ member.first_name.size }}`.
    if (node === true)
      return ['size', 'first', 'last'].includes(String(segment)) ? undefined : walked.join('.');
    walked.push(String(segment));
    const next: Tree | true | undefined = node[String(segment)];
    if (next === undefined) return walked.join('.');
    node = next;
  }
  return undefined;
}

const SAMPLE_NAMES: Record<TemplateLocale, { first: string; last: string }> = {
  he: { first: 'נועה', last: 'כהן' },
  fa: { first: 'سارا', last: 'احمدی' },
  en: { first: 'Dana', last: 'Levi' },
};

/** A made-up member for previews and checks on save: every field filled, in the locale asked for. */
export function sampleMember(locale: TemplateLocale, timeZone: string, now: Date): RenderMember {
  return {
    firstName: SAMPLE_NAMES[locale].first,
    lastName: SAMPLE_NAMES[locale].last,
    email: 'member@example.com',
    phone: '+972501234567',
    locale,
    calendar: null,
    timeZone,
    tierKey: 'gold',
    tierName: 'Gold',
    points: {
      balance: 1250,
      pending: 80,
      expiring: 300,
      expiringAt: new Date(now.getTime() + 14 * 86_400_000),
    },
  };
}

export const SAMPLE_PER_SEND: PerSendValues = {
  coupon: { code: 'WELCOME-7Q4K', expiresAt: null },
  referralUrl: 'https://example.com/r/SAMPLE',
  confirm: { url: 'https://example.com/confirm/SAMPLE', validHours: 72 },
  signIn: { code: '123456', validMinutes: 10 },
};
