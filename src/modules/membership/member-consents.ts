// Marketing consent as the member sees and changes it themselves (the member portal): read from the consent
// records, never inferred from the absence of a suppression. A change records consent with its proof — the exact
// wording shown, in the language shown, with IP and browser — like the hosted preference centre does.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Member } from '../members/index.ts';
import { currentConsents, type ConsentSource } from './consent.ts';
import { ui, type UiLocale } from './i18n.ts';
import type { ConsentChannel, ConsentStatus } from './tables.ts';
import { grantMarketing, withdrawMarketing } from './unsubscribe.ts';

const UI_LOCALES: readonly UiLocale[] = ['he', 'fa', 'en'];

export interface MarketingConsentView {
  channel: ConsentChannel;
  purpose: 'marketing';
  /** null: never asked — shown as not given. */
  status: ConsentStatus | null;
  source: string | null;
  recordedAt: Date | null;
  /** The wording a grant records as shown, per language. */
  text: Record<UiLocale, string>;
}

/** The channels a member can be reached on: e-mail needs an address; SMS and calls need a phone number. */
function reachableChannels(member: Member): ConsentChannel[] {
  return [
    ...(member.email ? (['email'] as const) : []),
    ...(member.phone ? (['sms', 'phone'] as const) : []),
  ];
}

function consentText(locale: UiLocale, channel: ConsentChannel, programName: string): string {
  const t = ui(locale);
  const label = channel === 'email' ? t.channelEmail : channel === 'sms' ? t.channelSms : t.channelPhone;
  return t.consentTextFor(label, programName);
}

export async function memberMarketingConsents(
  db: Db,
  member: Member,
  programName: string,
): Promise<MarketingConsentView[]> {
  const current = await currentConsents(db, member.programId, member.id);
  return reachableChannels(member).map((channel) => {
    const record = current.find((c) => c.channel === channel && c.purpose === 'marketing');
    return {
      channel,
      purpose: 'marketing',
      status: record?.status ?? null,
      source: record?.source ?? null,
      recordedAt: record?.recordedAt ?? null,
      text: Object.fromEntries(UI_LOCALES.map((l) => [l, consentText(l, channel, programName)])) as Record<
        UiLocale,
        string
      >,
    };
  });
}

export interface MarketingConsentChange {
  channel: ConsentChannel;
  granted: boolean;
}

/**
 * Applies the member's own choices. A grant records consent with the wording shown in `locale`; a withdrawal
 * records the withdrawal and suppresses the address. Choices equal to the recorded state record nothing; a
 * channel the member cannot be reached on is ignored.
 */
export async function changeMarketingConsents(
  db: Db,
  clock: Clock,
  member: Member,
  changes: readonly MarketingConsentChange[],
  proof: {
    source: ConsentSource;
    programName: string;
    locale: UiLocale;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<void> {
  const current = await memberMarketingConsents(db, member, proof.programName);
  const base = { source: proof.source, locale: proof.locale, ip: proof.ip, userAgent: proof.userAgent };
  const withdraw: ConsentChannel[] = [];
  for (const change of changes) {
    const now = current.find((c) => c.channel === change.channel);
    if (!now) continue;
    if (change.granted && now.status !== 'granted') {
      await grantMarketing(db, clock, member, change.channel, {
        ...base,
        textShown: consentText(proof.locale, change.channel, proof.programName),
      });
    } else if (!change.granted && now.status === 'granted') withdraw.push(change.channel);
  }
  if (withdraw.length) await withdrawMarketing(db, clock, member, withdraw, { ...base, textShown: null });
}
