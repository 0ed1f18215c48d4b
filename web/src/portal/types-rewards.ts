export interface PortalReward {
  id: string;
  kind: string;
  name: string;
  description: string;
  terms: string;
  imageUrl: string | null;
  cost: number;
  stockLeft: number | null;
  validUntil: string | null;
  effect: Record<string, unknown>;
  canRedeem: boolean;
  reason: string | null;
}

export interface PortalCoupon {
  id: string;
  code: string;
  kind: string;
  status: 'active' | 'redeemed' | 'cancelled' | 'expired';
  rewardName: string;
  balance: number | null;
  expiresAt: string | null;
  issuedAt: string;
}
