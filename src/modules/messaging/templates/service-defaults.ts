// The service messages Moadon sends on its own — the double opt-in confirmation, the portal's sign-in code (by
// e-mail and by SMS) — as built-in templates in he/fa/en. A program edits one by saving a
// template under the same key (the admin's template screens start from these); until then the built-in is sent.
// Service purpose: no marketing footer, no consent needed, not counted by the contact-pressure policy.
import { AppError } from '../../../platform/http/errors.ts';
import type { TemplateChannel, TemplateProblem, TemplateVariant } from './compile.ts';
import type { TemplateLocale } from './filters.ts';
import type { TemplateDraft } from './validate.ts';

export const SERVICE_TEMPLATE_KEYS = ['double_opt_in', 'sign_in_code', 'sign_in_code_sms'] as const;
export type ServiceTemplateKey = (typeof SERVICE_TEMPLATE_KEYS)[number];

export interface ServiceTemplateDefault {
  key: ServiceTemplateKey;
  channel: TemplateChannel;
  /** The message kind recorded on the messages it sends (what the log and its filters show). */
  kind: string;
  name: Record<TemplateLocale, string>;
  /** Liquid variables every variant must use, or the message would be useless (a code mail without the code). */
  requires: readonly string[];
  defaultLocale: TemplateLocale;
  variants: Record<TemplateLocale, TemplateVariant>;
}

const RTL_LOCALES = new Set<TemplateLocale>(['he', 'fa']);

/** A plain, readable e-mail: paragraphs, then an optional button. Lines in the author's view, one per element. */
function mail(locale: TemplateLocale, paragraphs: string[], button?: { label: string; href: string }) {
  const align = RTL_LOCALES.has(locale) ? 'right' : 'left';
  const text = paragraphs
    .map((p) => `<mj-text font-size="16px" line-height="24px" align="${align}">${p}</mj-text>`)
    .join('\n');
  const action = button
    ? `\n<mj-button href="${button.href}" background-color="#1a56db" align="${align}">${button.label}</mj-button>`
    : '';
  return `<mjml>\n<mj-body>\n<mj-section><mj-column>\n${text}${action}\n</mj-column></mj-section>\n</mj-body>\n</mjml>`;
}

// The link is shown as text too: a text-only reader (and a copy-paste) needs it, and the button follows it.
const CONFIRM_LINK = '<a href="{{ links.confirm }}">{{ links.confirm }}</a>';

const doubleOptIn: ServiceTemplateDefault = {
  key: 'double_opt_in',
  channel: 'email',
  kind: 'double_opt_in',
  name: {
    he: 'אישור הרשמה (double opt-in)',
    fa: 'تأیید عضویت (دو مرحله‌ای)',
    en: 'Sign-up confirmation (double opt-in)',
  },
  requires: ['links.confirm'],
  defaultLocale: 'he',
  variants: {
    he: {
      subject: 'אישור הרשמה למועדון {{ program.name }}',
      body: mail(
        'he',
        [
          'שלום {{ member.first_name | default: "" }},',
          'כדי להשלים את ההרשמה למועדון {{ program.name }} יש ללחוץ על הקישור:<br />' + CONFIRM_LINK,
          'הקישור בתוקף {{ confirm.valid_hours }} שעות. אם לא נרשמת, אפשר להתעלם מההודעה הזו ולא נשלח דבר נוסף.',
        ],
        { label: 'אישור ההרשמה', href: '{{ links.confirm }}' },
      ),
    },
    fa: {
      subject: 'تأیید عضویت در {{ program.name }}',
      body: mail(
        'fa',
        [
          'سلام {{ member.first_name | default: "" }}،',
          'برای تکمیل عضویت در {{ program.name }} روی این پیوند بزنید:<br />' + CONFIRM_LINK,
          'این پیوند {{ confirm.valid_hours }} ساعت معتبر است. اگر شما ثبت‌نام نکرده‌اید، این پیام را نادیده بگیرید؛ پیام دیگری نمی‌فرستیم.',
        ],
        { label: 'تأیید عضویت', href: '{{ links.confirm }}' },
      ),
    },
    en: {
      subject: 'Confirm your sign-up to {{ program.name }}',
      body: mail(
        'en',
        [
          'Hello {{ member.first_name | default: "" }},',
          'To complete your sign-up to {{ program.name }}, open this link:<br />' + CONFIRM_LINK,
          'The link is valid for {{ confirm.valid_hours }} hours. If you did not sign up, ignore this message and you will hear nothing more.',
        ],
        { label: 'Confirm my sign-up', href: '{{ links.confirm }}' },
      ),
    },
  },
};

const CODE_TEXT: Record<TemplateLocale, { subject: string; body: string }> = {
  he: {
    subject: 'קוד הכניסה שלך ל{{ program.name }}',
    body: 'הקוד שלך ל{{ program.name }} הוא {{ sign_in.code }}. הוא בתוקף {{ sign_in.valid_minutes }} דקות. אם לא ביקשת אותו, אפשר להתעלם מההודעה.',
  },
  fa: {
    subject: 'کد ورود شما به {{ program.name }}',
    body: 'کد شما برای {{ program.name }}: {{ sign_in.code }}. این کد {{ sign_in.valid_minutes }} دقیقه معتبر است. اگر آن را درخواست نکرده‌اید، این پیام را نادیده بگیرید.',
  },
  en: {
    subject: 'Your sign-in code for {{ program.name }}',
    body: 'Your code for {{ program.name }} is {{ sign_in.code }}. It is valid for {{ sign_in.valid_minutes }} minutes. If you did not ask for it, ignore this message.',
  },
};

const byLocale = <T>(make: (locale: TemplateLocale) => T): Record<TemplateLocale, T> => ({
  he: make('he'),
  fa: make('fa'),
  en: make('en'),
});

const signInCode: ServiceTemplateDefault = {
  key: 'sign_in_code',
  channel: 'email',
  kind: 'portal_otp',
  name: {
    he: 'קוד כניסה לאזור האישי (דוא״ל)',
    fa: 'کد ورود به صفحهٔ اعضا (ایمیل)',
    en: 'Portal sign-in code (e-mail)',
  },
  requires: ['sign_in.code'],
  defaultLocale: 'he',
  variants: byLocale((locale) => ({
    subject: CODE_TEXT[locale].subject,
    body: mail(locale, [CODE_TEXT[locale].body]),
  })),
};

const signInCodeSms: ServiceTemplateDefault = {
  key: 'sign_in_code_sms',
  channel: 'sms',
  kind: 'portal_otp',
  name: {
    he: 'קוד כניסה לאזור האישי (SMS)',
    fa: 'کد ورود به صفحهٔ اعضا (پیامک)',
    en: 'Portal sign-in code (SMS)',
  },
  requires: ['sign_in.code'],
  defaultLocale: 'he',
  variants: byLocale((locale) => ({ subject: null, body: CODE_TEXT[locale].body })),
};

export const SERVICE_TEMPLATES: Record<ServiceTemplateKey, ServiceTemplateDefault> = {
  double_opt_in: doubleOptIn,
  sign_in_code: signInCode,
  sign_in_code_sms: signInCodeSms,
};

export const isServiceTemplateKey = (key: string): key is ServiceTemplateKey =>
  (SERVICE_TEMPLATE_KEYS as readonly string[]).includes(key);

const usesVariable = (source: string, path: string) =>
  new RegExp(`\\{\\{-?\\s*${path.replace('.', '\\.')}\\b`).test(source);

/**
 * A template saved under a service key must stay what the code sends: the same channel, service purpose, and
 * every variant using the variables that make it work (the link, the code).
 */
export function serviceTemplateProblems(key: string, draft: TemplateDraft): TemplateProblem[] {
  if (!isServiceTemplateKey(key)) return [];
  const d: ServiceTemplateDefault = SERVICE_TEMPLATES[key];
  if (draft.channel !== d.channel || draft.purpose !== 'service') {
    throw new AppError(
      'service_template_mismatch',
      400,
      `The key "${key}" is the ${d.channel} service message Moadon sends; save it as channel ${d.channel}, purpose service`,
      { key, channel: d.channel, purpose: 'service' },
    );
  }
  const problems: TemplateProblem[] = [];
  for (const [locale, variant] of Object.entries(draft.variants)) {
    if (!variant) continue;
    for (const path of d.requires) {
      if (usesVariable(`${variant.subject ?? ''}\n${variant.body}`, path)) continue;
      problems.push({
        locale: locale as TemplateLocale,
        field: 'body',
        rule: 'required_variable',
        message: `this service message must show {{ ${path} }}`,
      });
    }
  }
  return problems;
}
