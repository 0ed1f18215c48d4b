// The event the referrals module publishes on the platform's bus: a friend's referral qualified (both sides
// paid in the same transaction).
declare module '../../platform/events/types.ts' {
  interface EventPayloads {
    'referral.qualified': {
      referralId: string;
      referrerId: string;
      refereeId: string;
      orderId: string;
      referrerPoints: number;
      refereePoints: number;
    };
  }
}

export {};
