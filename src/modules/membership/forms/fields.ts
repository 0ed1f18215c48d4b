// Reads a submitted body against a form definition: which fields, which consent boxes, and whether each
// value is valid. Pure (the program's region and today's date come in), so it is unit-testable.
import { AppError } from '../../../platform/http/errors.ts';
import { normaliseEmail, normalisePhone, parseCalendarDate } from '../../members/index.ts';
import { ui } from '../i18n.ts';
import type { AttributeDef, FormConsent, FormDefinition, FormLocale } from './definition.ts';
import { pick } from './definition.ts';

/** Hidden fields a form posts: timing token, language, honeypot; a referral code and device id when given. */
export const META_FIELDS = new Set(['_t', '_lang', 'website', '_ref', '_device']);

export interface AcceptedConsent {
  key: string;
  channel: FormConsent['channel'];
  purpose: FormConsent['purpose'];
  /** The exact wording the person saw, in the language they saw it. */
  text: string;
}

export interface ReadSubmission {
  locale: FormLocale;
  /** The raw values as typed, to show the form again with errors. */
  values: Record<string, string>;
  memberInput: {
    email?: string;
    phone?: string;
    firstName?: string;
    lastName?: string;
    birthday?: string;
    locale: string;
    attributes?: Record<string, unknown>;
  };
  consents: AcceptedConsent[];
}

function asText(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false || value === null || value === undefined) return '';
  if (Array.isArray(value)) return asText(value.at(-1));
  return String(value).trim();
}

const TRUTHY = new Set(['yes', 'on', 'true', '1']);

export function submissionLocale(def: FormDefinition, requested: unknown): FormLocale {
  return def.locales.find((l) => l === requested) ?? def.locales[0]!;
}

/**
 * Throws `unknown_field` for a name the form does not have, and `invalid_submission` with a message per
 * field (in the form's language) for values that are missing or wrong.
 */
export function readSubmission(
  def: FormDefinition,
  body: Record<string, unknown>,
  rules: { region: string; today: string; attributes: Record<string, AttributeDef> },
): ReadSubmission {
  const locale = submissionLocale(def, body._lang);
  const t = ui(locale);
  const values: Record<string, string> = {};
  const ticked = new Set<string>();
  for (const [name, raw] of Object.entries(body)) {
    if (META_FIELDS.has(name)) continue;
    if (name.startsWith('consent.')) {
      const key = name.slice('consent.'.length);
      if (!def.consents.some((c) => c.key === key)) {
        throw new AppError('unknown_field', 400, `This form has no consent "${key}"`, { field: name });
      }
      const text = asText(raw).toLowerCase();
      if (TRUTHY.has(text)) {
        ticked.add(key);
        values[name] = 'yes';
      }
      continue;
    }
    if (!def.fields.some((f) => f.name === name)) {
      throw new AppError('unknown_field', 400, `This form has no field "${name}"`, { field: name });
    }
    const text = asText(raw);
    if (text.length > 2000) {
      throw new AppError('invalid_submission', 400, `Field "${name}" is too long`, {
        fields: { [name]: 'too long' },
      });
    }
    values[name] = text;
  }

  const errors: Record<string, string> = {};
  const input: ReadSubmission['memberInput'] = { locale };
  const attributes: Record<string, unknown> = {};
  for (const field of def.fields) {
    const value = values[field.name] ?? '';
    const attrName = field.name.startsWith('attributes.') ? field.name.slice(11) : undefined;
    const attr = attrName ? rules.attributes[attrName] : undefined;
    if (!value || (attr?.type === 'boolean' && !TRUTHY.has(value.toLowerCase()))) {
      if (field.required) errors[field.name] = attr?.type === 'boolean' ? t.errConsent : t.errRequired;
      else if (attr?.type === 'boolean' && value) attributes[attrName!] = false;
      continue;
    }
    try {
      switch (field.name) {
        case 'email':
          input.email = normaliseEmail(value);
          break;
        case 'phone':
          input.phone = normalisePhone(value, rules.region);
          break;
        case 'birthday':
          input.birthday = parseCalendarDate(value, 'birthday', rules.today);
          break;
        case 'firstName':
        case 'lastName':
          if (value.length > 100) throw new Error('too long');
          input[field.name] = value;
          break;
        default:
          attributes[attrName!] = attributeValue(attr!, value, t);
      }
    } catch (e) {
      errors[field.name] =
        e instanceof FieldError
          ? e.message
          : field.name === 'email'
            ? t.errEmail
            : field.name === 'phone'
              ? t.errPhone
              : field.name === 'birthday' || attr?.type === 'date'
                ? t.errDate
                : t.errRequired;
    }
  }
  if (Object.keys(attributes).length) input.attributes = attributes;
  for (const consent of def.consents) {
    if (consent.required && !ticked.has(consent.key)) errors[`consent.${consent.key}`] = t.errConsent;
  }
  if (Object.keys(errors).length) {
    throw new AppError('invalid_submission', 400, t.errorSummary, { fields: errors, locale });
  }
  return {
    locale,
    values,
    memberInput: input,
    consents: def.consents
      .filter((c) => ticked.has(c.key))
      .map((c) => ({ key: c.key, channel: c.channel, purpose: c.purpose, text: pick(c.text, locale)! })),
  };
}

class FieldError extends Error {}

function attributeValue(attr: AttributeDef, value: string, t: ReturnType<typeof ui>): unknown {
  switch (attr.type) {
    case 'integer':
    case 'number': {
      const n = Number(value.replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)));
      if (!Number.isFinite(n) || (attr.type === 'integer' && !Number.isInteger(n)))
        throw new FieldError(t.errNumber);
      return n;
    }
    case 'boolean':
      return true;
    case 'date':
      return parseCalendarDate(value, 'date', '9999-12-31');
    default:
      if (attr.enum && !attr.enum.includes(value)) throw new FieldError(t.errChoice);
      return value;
  }
}
