export interface PortalMe {
  csrfToken: string;
  program: { slug: string; name: string; currency: string; timeZone: string; defaultLocale: string };
  member: { id: string; firstName: string | null; lastName: string | null; memberSince: string };
  preferences: {
    locale: string | null;
    email: string | null;
    phone: string | null;
    /** Marketing consent per reachable channel, exactly as recorded (null: never given). */
    consents: PortalConsent[];
  };
  loyalty: {
    available: number;
    pending: number;
    expiringSoon: { points: number; firstAt: string | null };
    tier: { key: string; name: string; names: Record<string, string> } | null;
    nextTier: {
      key: string;
      name: string;
      names: Record<string, string>;
      metric: string;
      current: number;
      threshold: number;
    } | null;
    history: {
      id: number;
      kind: string;
      points: number;
      reason: string;
      details: { orderId?: string; total?: number; event?: string };
      occurredAt: string;
    }[];
  };
}

export interface PortalConsent {
  channel: 'email' | 'sms' | 'phone';
  purpose: 'marketing';
  status: 'granted' | 'withdrawn' | null;
  source: string | null;
  recordedAt: string | null;
  /** The wording a grant records as shown, per language. */
  text: { he: string; fa: string; en: string };
}
