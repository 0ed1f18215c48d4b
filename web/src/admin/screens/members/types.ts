// Shapes of the members and loyalty API answers used by these screens.
export interface Member {
  id: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  birthday: string | null;
  locale: string | null;
  status: string;
  source: string;
  createdAt: string;
}

export interface Account {
  available: number;
  pending: number;
  balance: number;
  debt: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeExpired: number;
  purchaseCount: number;
  tier: string | null;
  expiringSoon: { points: number; firstAt: string | null };
}

export interface LedgerEntry {
  id: number;
  kind: 'earn' | 'redeem' | 'expire' | 'adjust' | 'reverse' | 'transfer';
  points: number;
  reason: string;
  source: string;
  details?: Record<string, unknown>;
  occurredAt: string;
}

export const displayName = (m: Pick<Member, 'firstName' | 'lastName' | 'email' | 'phone' | 'externalId'>) =>
  [m.firstName, m.lastName].filter(Boolean).join(' ') || m.email || m.phone || m.externalId || '—';
