// The event the referrals module publishes on the platform's bus: a friend's referral qualified (both sides
// paid in the same transaction).
import type { ReferralEvents } from '../../contracts/events.ts';
// The payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends ReferralEvents {}
}

export {};
