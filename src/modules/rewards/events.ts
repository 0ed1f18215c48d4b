// The events the rewards module publishes on the platform's bus (platform/events), each in the transaction of
// the change: a reward redeemed for points (its coupon issued) and a coupon used at a till or a shop (a gift
// card spent in part included). Payloads carry ids and figures, never codes: the outbox is kept.
declare module '../../platform/events/types.ts' {
  interface EventPayloads {
    'reward.redeemed': { rewardId: string; couponId: string; kind: string; pointsSpent: number };
    'coupon.redeemed': {
      couponId: string;
      rewardId: string | null;
      kind: string;
      orderId: string;
      amount: number;
      storeId: string | null;
      channel: string | null;
      partnerId: string | null;
    };
  }
}

export {};
