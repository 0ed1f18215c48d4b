// A starting point for a new template variant, in the variant's language.
import type { TemplateChannel, TemplateVariant } from '../../../../../src/contracts/templates.ts';
import type { Locale } from '../../../shared/format.ts';

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
