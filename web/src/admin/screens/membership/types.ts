// Shapes of the membership API (lists, signup forms) as the admin screens use them.
import type { Locale } from '../../../shared/format.ts';

export interface MailingList {
  id: string;
  name: string;
  description: string | null;
  showInPreferences: boolean;
  subscribedCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface ListSubscriber {
  memberId: string;
  status: 'subscribed' | 'unsubscribed';
  source: string;
  subscribedAt: string;
  unsubscribedAt: string | null;
  member: {
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    phone: string | null;
  } | null;
}

export type LocalizedText = Partial<Record<Locale, string>>;

export interface FormField {
  name: string;
  required?: boolean;
  label?: LocalizedText;
}

export interface FormConsent {
  key: string;
  channel: 'email' | 'sms' | 'phone';
  purpose: 'marketing' | 'service';
  required?: boolean;
  text: LocalizedText;
}

export interface FormDefinition {
  locales: Locale[];
  title?: LocalizedText;
  intro?: LocalizedText;
  submitLabel?: LocalizedText;
  fields: FormField[];
  consents: FormConsent[];
  listIds: string[];
  doubleOptIn: boolean;
  thankYou?: { text?: LocalizedText; redirectUrl?: string };
  spam?: { minFillSeconds?: number; acceptPlainPosts?: boolean };
}

export interface SignupForm {
  id: string;
  name: string;
  status: 'active' | 'archived';
  definition: FormDefinition;
  createdAt: string;
  updatedAt: string;
  urls: { hosted: string; embedScript: string; embedSnippet: string; submit: string };
}
