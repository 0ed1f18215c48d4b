// The checks a referral must pass before it counts: nobody refers themselves (same person, e-mail — also
// the same mailbox written another way — phone, device, payment card or network address), and no loop (a
// friend who is already above the referrer in the chain). Pure: the caller gathers the facts.
import type { SignalKind } from './tables.ts';

export type BlockReason =
  | 'self_referral'
  | 'same_email'
  | 'same_phone'
  | 'same_device'
  | 'same_payment'
  | 'same_network'
  | 'referral_loop'
  | 'referrer_inactive';

export interface ReferralParty {
  id: string;
  email: string | null;
  phone: string | null;
  /** Hashed signals, as `${kind}:${hash}`. */
  signals: ReadonlySet<string>;
}

export interface ScreeningFacts {
  referrer: ReferralParty | null;
  referee: ReferralParty;
  /** The referrer's referrers, nearest first. */
  referrerAncestors: readonly string[];
  blockSameNetwork: boolean;
}

export type Screening = { ok: true } | { ok: false; reason: BlockReason };

const SIGNAL_REASON: Record<SignalKind, BlockReason> = {
  device: 'same_device',
  payment: 'same_payment',
  network: 'same_network',
};

/**
 * The mailbox an address delivers to: lower case, without a +tag, and for Gmail without dots (Gmail
 * ignores both, so dana+1@gmail.com and d.ana@gmail.com reach dana@gmail.com).
 */
export function mailbox(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return email.toLowerCase();
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  local = local.split('+')[0]!;
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  return `${local}@${domain}`;
}

export function screenReferral(facts: ScreeningFacts): Screening {
  const { referrer, referee } = facts;
  if (!referrer) return { ok: false, reason: 'referrer_inactive' };
  if (referrer.id === referee.id) return { ok: false, reason: 'self_referral' };
  if (referrer.email && referee.email && mailbox(referrer.email) === mailbox(referee.email))
    return { ok: false, reason: 'same_email' };
  if (referrer.phone && referee.phone && referrer.phone === referee.phone)
    return { ok: false, reason: 'same_phone' };
  for (const signal of referee.signals) {
    if (!referrer.signals.has(signal)) continue;
    const kind = signal.slice(0, signal.indexOf(':')) as SignalKind;
    if (kind === 'network' && !facts.blockSameNetwork) continue;
    return { ok: false, reason: SIGNAL_REASON[kind] };
  }
  if (facts.referrerAncestors.includes(referee.id)) return { ok: false, reason: 'referral_loop' };
  return { ok: true };
}
