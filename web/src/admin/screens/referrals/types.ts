export type CapPeriod = 'day' | 'week' | 'month' | 'year';

export interface ReferralSettings {
  enabled: boolean;
  formId: string | null;
  referrerPoints: number;
  refereePoints: number;
  referrerRewardId: string | null;
  refereeRewardId: string | null;
  minPurchase: number;
  qualifyWithinDays: number;
  referrerCap: { count: number; period: CapPeriod } | null;
  blockSameNetwork: boolean;
  monthlyTarget: number | null;
  ambassador: { after: number; points: number } | null;
}

export interface ReferralReport {
  codes: number;
  visits: number;
  joined: number;
  pending: number;
  qualified: number;
  expired: number;
  blocked: number;
  blockedBy: Record<string, number>;
  conversion: number;
  paid: { points: number; rewards: number };
  thisMonth: { qualified: number; target: number | null };
  topReferrers: { memberId: string; name: string; qualified: number; points: number; ambassador: boolean }[];
}

export interface ReferralRow {
  id: string;
  referrerId: string;
  referrerName: string;
  refereeId: string;
  refereeName: string;
  status: 'joined' | 'qualified' | 'blocked' | 'expired';
  blockReason: string | null;
  joinedAt: string;
  qualifiedAt: string | null;
}
