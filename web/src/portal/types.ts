export interface PortalMe {
  csrfToken: string;
  program: { slug: string; name: string; currency: string; timeZone: string; defaultLocale: string };
  member: { firstName: string | null; lastName: string | null; memberSince: string };
  preferences: {
    locale: string | null;
    email: string | null;
    phone: string | null;
    marketingEmail: boolean | null;
    marketingSms: boolean | null;
  };
  loyalty: {
    available: number;
    pending: number;
    expiringSoon: { points: number; firstAt: string | null };
    tier: { key: string; name: string } | null;
    nextTier: { key: string; name: string; metric: string; current: number; threshold: number } | null;
    history: { id: number; kind: string; points: number; reason: string; occurredAt: string }[];
  };
}
