// The contact-pressure decision for one message, pure: send now, defer until the next allowed instant, or drop
// — with the reason that held it back. Service messages (codes, confirmations, receipts) are never held back.
import { capRelease } from './caps.ts';
import type { ContactPressurePolicy, ContactPurpose, HoldReason, OnExceed } from './policy.ts';
import { quietHoursEnd } from './quiet-hours.ts';
import { restDayEnd } from './rest-days.ts';

export type ContactDecision =
  | { kind: 'send' }
  | { kind: 'defer'; until: Date; reason: HoldReason }
  | { kind: 'drop'; reason: HoldReason };

export interface ContactQuestion {
  now: Date;
  purpose: ContactPurpose;
  /** The member's zone, or the program's when the member has none. */
  timeZone: string;
  /** When the member's earlier marketing messages were sent or queued (every channel). */
  contacts: readonly Date[];
  policy: ContactPressurePolicy;
  onExceed: OnExceed;
}

/** Rounds of "move past the next hold"; each moves forward, and a real policy settles in a few. */
const MAX_ROUNDS = 64;

/**
 * The first instant from `now` on when no rule holds the message back, and the rule that held it at `now`.
 * Caps come first in the reason: a member who had enough this week is "frequency cap" even at night.
 */
export function nextAllowed(question: Omit<ContactQuestion, 'purpose' | 'onExceed'>): {
  at: Date;
  reason: HoldReason | undefined;
} {
  const { policy, timeZone, contacts } = question;
  let at = question.now;
  let reason: HoldReason | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const hold: [HoldReason, Date | undefined][] = [
      ['frequency_cap', capRelease(at, contacts, policy.caps, timeZone)],
      ['rest_day', restDayEnd(at, policy.restDays, timeZone)],
      ['quiet_hours', quietHoursEnd(at, policy.quietHours, timeZone)],
    ];
    const first = hold.find(([, until]) => until !== undefined);
    if (!first) return { at, reason };
    reason ??= first[0];
    at = first[1]!;
  }
  throw new Error('contact policy: no allowed instant found');
}

export function decideContact(question: ContactQuestion): ContactDecision {
  if (question.purpose === 'service') return { kind: 'send' };
  const { at, reason } = nextAllowed(question);
  if (!reason) return { kind: 'send' };
  return question.onExceed === 'drop' ? { kind: 'drop', reason } : { kind: 'defer', until: at, reason };
}
