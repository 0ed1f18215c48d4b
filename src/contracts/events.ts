// The payloads of the events modules exchange on the bus (platform/events), as one contract for their publishers,
// their subscribers in other modules, and later the journeys and webhooks that show them outside: a subscriber
// reads the shape here, not in the publisher's files. The publishing module still registers its events with the
// kernel (`interface EventPayloads extends MemberEvents {}` in its events file), so the bus knows exactly the
// events of the modules that are present. Names are `noun.past_tense`; payloads carry ids and figures, never a
// member's personal data (the outbox is kept after an erasure).

/** Published by members, in the transaction that changes the member (members/events.ts). */
export interface MemberEvents {
  /**
   * `source`: how the member joined (admin, api, form, segment, import). `referredBy`: the referring member's id
   * given at creation (absent on events recorded before it was added).
   */
  'member.created': { source: string; referredBy?: string | null };
  /** `changed`: the names of the fields that changed (externalId, email, firstName, attributes, …). */
  'member.updated': { changed: string[] };
  'member.deleted': Record<string, never>;
}

/** Published by membership: signup forms, unsubscribes and every consent record (membership/events.ts). */
export interface MembershipEvents {
  /** Joined through a signup form (a new member, or an existing one added to lists). */
  'member.joined': {
    source: string;
    formId: string;
    submissionId: string;
    listIds: string[];
    newMember: boolean;
    locale: string;
  };
  'member.unsubscribed': { channels: string[]; source: string };
  /** A consent record was appended: the member's status for a channel and purpose is now `status`. */
  'consent.changed': { channel: string; purpose: string; status: string; source: string };
}

/**
 * Published by loyalty (loyalty/outbox.ts). purchase.recorded and points.earned are written by the credit
 * statement itself (loyalty/sql/loyalty_record_purchases.v3.sql), whose JSON must keep these shapes.
 */
export interface LoyaltyEvents {
  /** A purchase was recorded; `points` is what it earned (its credit raises no points.earned). */
  'purchase.recorded': {
    purchaseId: string;
    orderId: string;
    /** Minor units of `currency`. */
    total: number;
    currency: string;
    channel: string | null;
    partnerId: string | null;
    points: number;
    ledgerEntryId: number | null;
  };
  'purchase.refunded': {
    purchaseId: string;
    orderId: string;
    refundId: string;
    /** Minor units. */
    amount: number;
    pointsReversed: number;
    /** True when nothing of the purchase is left unrefunded. */
    full: boolean;
  };
  /**
   * Past sales of the member were recorded by a sales history import (loyalty/history.ts: no points, no ledger):
   * `orders` recorded or merged and `refunds` from cancellations in one batch of the import.
   */
  'purchase.history_imported': { importId: string; orders: number; refunds: number };
  /** Points credited other than by a purchase: bonuses, adjustments, transfers received, points given back. */
  'points.earned': { ledgerEntryId: number; kind: string; points: number };
  /** Points spent on a reward or at the till (a debit of kind redeem). */
  'points.redeemed': { ledgerEntryId: number; points: number };
  'points.expiring': { points: number; expiresAt: Date | string | null; policy: string };
  'points.expired': { points: number };
  'tier.changed': {
    from: string | null;
    to: string | null;
    direction: string;
    reason: string;
    metric: string;
    value?: number;
    windowDays?: number;
  };
}

/** Published by referrals when a friend's referral qualified, both sides paid in the same transaction. */
export interface ReferralEvents {
  'referral.qualified': {
    referralId: string;
    referrerId: string;
    refereeId: string;
    orderId: string;
    referrerPoints: number;
    refereePoints: number;
  };
}

/**
 * Published by rewards in the transaction of the change (rewards/events.ts). Payloads carry ids and figures,
 * never codes.
 */
export interface RewardEvents {
  /** A reward redeemed for points; its coupon issued. */
  'reward.redeemed': { rewardId: string; couponId: string; kind: string; pointsSpent: number };
  /** A coupon used at a till or a shop (a gift card spent in part included); `amount` in minor units. */
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

/**
 * Published by messaging in the transaction of the status change (messaging/events.ts): a message handed to its
 * provider, a bounce or a spam complaint recorded for an address we sent to. Ids and classifications, never
 * addresses or content.
 */
export interface MessagingEvents {
  'message.sent': {
    messageId: string;
    channel: 'email' | 'sms';
    kind: string;
    purpose: 'marketing' | 'service';
  };
  'message.bounced': {
    /** The message it answered, when the report could be matched to one (VERP, Message-ID). */
    messageId: string | null;
    /** The stored report (bounce_events) with its parsed fields. */
    bounceEventId: string;
    severity: 'hard' | 'soft';
    reason: string;
    /** What was done: counted (soft, under the limit), suppressed, already_suppressed. */
    decision: string;
  };
  'message.complained': { messageId: string | null; bounceEventId: string; feedbackType: string | null };
}

/** Published by segments' refresh (segments/refresh.ts), in the transaction that changes the membership. */
export interface SegmentEvents {
  'segment.entered': { segmentId: string };
  'segment.left': { segmentId: string };
}
