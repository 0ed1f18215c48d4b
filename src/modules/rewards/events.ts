// The events the rewards module publishes on the platform's bus (platform/events), each in the transaction of
// the change: a reward redeemed for points (its coupon issued) and a coupon used at a till or a shop (a gift
// card spent in part included). Payloads carry ids and figures, never codes: the outbox is kept.
import type { RewardEvents } from '../../contracts/events.ts';
// The payloads are a contract shared with subscribers elsewhere (src/contracts/events.ts).
declare module '../../platform/events/types.ts' {
  interface EventPayloads extends RewardEvents {}
}

export {};
