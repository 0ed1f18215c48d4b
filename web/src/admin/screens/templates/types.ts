// The templates API as the admin sees it (src/modules/messaging/templates/routes.ts).
import type { Locale } from '../../../shared/format.ts';

export type TemplateChannel = 'email' | 'sms';
export type TemplatePurpose = 'marketing' | 'service';

export interface TemplateVariant {
  subject: string | null;
  body: string;
}

export interface TemplateDraft {
  name: string;
  channel: TemplateChannel;
  purpose: TemplatePurpose;
  defaultLocale: Locale;
  variants: Partial<Record<Locale, TemplateVariant>>;
}

export interface MessageTemplate extends TemplateDraft {
  id: string;
  key: string;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateProblem {
  locale: Locale;
  field: 'subject' | 'body' | 'sender';
  rule: string;
  message: string;
  line?: number;
  column?: number;
}

export interface TemplatePreview {
  locale: Locale;
  subject: string | null;
  html: string | null;
  text: string | null;
  problems: TemplateProblem[];
}

export interface SenderProfile {
  businessName: string;
  address: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  israeliModeSetting: boolean | null;
  israeliMode: boolean;
}

const GREETING: Record<
  Locale,
  { hello: string; friend: string; points: string; portal: string; subject: string }
> = {
  he: { hello: 'שלום', friend: 'חבר/ה', points: 'נקודות', portal: 'לאזור האישי', subject: 'חדשות המועדון' },
  fa: {
    hello: 'سلام',
    friend: 'دوست عزیز',
    points: 'امتیاز',
    portal: 'ورود به باشگاه',
    subject: 'اخبار باشگاه',
  },
  en: { hello: 'Hello', friend: 'friend', points: 'points', portal: 'Your account', subject: 'Club news' },
};

/** A starting point for a new variant: a greeting with a default, the balance and a portal button. */
export function starterVariant(
  channel: TemplateChannel,
  locale: Locale,
  israeliMode: boolean,
): TemplateVariant {
  const g = GREETING[locale];
  const mark = israeliMode ? 'פרסומת: ' : '';
  if (channel === 'sms') {
    return {
      subject: null,
      body: `${mark}${g.hello} {{ member.first_name | default: "${g.friend}" }}, {{ points.balance | number }} ${g.points}.`,
    };
  }
  return {
    subject: `${mark}${g.subject}`,
    body: [
      '<mjml>',
      '  <mj-body>',
      '    <mj-section>',
      '      <mj-column>',
      `        <mj-text font-size="18px">${g.hello} {{ member.first_name | default: "${g.friend}" }},</mj-text>`,
      `        <mj-text>{{ points.balance | number }} ${g.points}</mj-text>`,
      `        <mj-button href="{{ links.portal }}">${g.portal}</mj-button>`,
      '      </mj-column>',
      '    </mj-section>',
      '  </mj-body>',
      '</mjml>',
    ].join('\n'),
  };
}
