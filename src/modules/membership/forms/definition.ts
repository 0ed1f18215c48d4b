// What a signup form is: its fields, consent checkboxes (exact wording per locale), target lists, double
// opt-in, thank-you, and spam settings. The TypeBox schema checks shape; checkDefinition checks meaning.
import { Type, type Static } from 'typebox';
import { AppError } from '../../../platform/http/errors.ts';
import type { LOCALES } from '../../../platform/http/schemas.ts';
import { Locale, StringEnum, Uuid } from '../../../platform/http/schemas.ts';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from '../consent.ts';

export type FormLocale = (typeof LOCALES)[number];

export const LocalizedText = Type.Object(
  {
    he: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
    fa: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
    en: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  },
  { minProperties: 1, description: 'Text per locale: { "he": "…", "fa": "…", "en": "…" }' },
);
export type LocalizedText = Static<typeof LocalizedText>;

export const STANDARD_FIELDS = ['email', 'phone', 'firstName', 'lastName', 'birthday'] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

export const FormField = Type.Object({
  name: Type.String({
    pattern: '^(email|phone|firstName|lastName|birthday|attributes\\.[a-z][a-z0-9_]{0,63})$',
    description: 'A member field, or attributes.<name> for a custom attribute of the program',
  }),
  required: Type.Optional(Type.Boolean({ default: false })),
  label: Type.Optional(LocalizedText),
});

export const FormConsent = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  channel: StringEnum(CONSENT_CHANNELS),
  purpose: StringEnum(CONSENT_PURPOSES),
  required: Type.Optional(Type.Boolean({ default: false, description: 'The form cannot be sent unticked' })),
  text: LocalizedText,
});

export const FormDefinitionSchema = Type.Object({
  locales: Type.Array(Locale, {
    minItems: 1,
    maxItems: 3,
    uniqueItems: true,
    description: 'Languages the form is offered in; the first is the default. he and fa render right to left',
  }),
  title: Type.Optional(LocalizedText),
  intro: Type.Optional(LocalizedText),
  submitLabel: Type.Optional(LocalizedText),
  fields: Type.Array(FormField, { minItems: 1, maxItems: 30 }),
  consents: Type.Array(FormConsent, { maxItems: 10, default: [] }),
  listIds: Type.Array(Uuid, { maxItems: 20, uniqueItems: true, default: [] }),
  doubleOptIn: Type.Boolean({ description: 'Send a confirmation e-mail; subscribe only after the click' }),
  thankYou: Type.Optional(
    Type.Object({
      text: Type.Optional(LocalizedText),
      redirectUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
    }),
  ),
  spam: Type.Optional(
    Type.Object({
      minFillSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 600, default: 3 })),
      acceptPlainPosts: Type.Optional(
        Type.Boolean({
          default: true,
          description: 'Accept posts without the timing token (a hand-written HTML form on your own site)',
        }),
      ),
    }),
  ),
});

export type FormField = Static<typeof FormField>;
export type FormConsent = Static<typeof FormConsent>;
export type FormDefinition = Static<typeof FormDefinitionSchema>;

export interface AttributeDef {
  type: string;
  required?: boolean;
  enum?: string[];
  label?: string;
}

/** Checks what the schema cannot: texts for every locale, identity fields, attributes that exist. */
export function checkDefinition(def: FormDefinition, attributeSchema: Record<string, AttributeDef>): void {
  const bad = (message: string, details: Record<string, unknown> = {}) =>
    new AppError('invalid_form', 400, message, details);
  const names = def.fields.map((f) => f.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw bad(`Field "${duplicate}" appears twice`, { field: duplicate });
  const keys = def.consents.map((c) => c.key);
  const dupKey = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dupKey) throw bad(`Consent "${dupKey}" appears twice`, { consent: dupKey });
  const field = (name: string) => def.fields.find((f) => f.name === name);
  if (!field('email') && !field('phone')) throw bad('A signup form needs an email or a phone field');
  if (def.doubleOptIn && !field('email')?.required) {
    throw bad('Double opt-in sends a confirmation e-mail, so the email field must be present and required');
  }
  for (const consent of def.consents) {
    const needs = consent.channel === 'email' ? 'email' : 'phone';
    if (!field(needs)) {
      throw bad(`Consent "${consent.key}" is for ${consent.channel}, so the form needs a ${needs} field`, {
        consent: consent.key,
      });
    }
  }
  for (const f of def.fields) {
    if (!f.name.startsWith('attributes.')) continue;
    const attr = f.name.slice('attributes.'.length);
    if (!Object.hasOwn(attributeSchema, attr)) {
      throw bad(`The program has no member attribute "${attr}"`, { field: f.name });
    }
  }
  for (const [attr, defn] of Object.entries(attributeSchema)) {
    if (defn.required && !field(`attributes.${attr}`)?.required) {
      throw bad(`Attribute "${attr}" is required for members, so the form must ask for it (required)`, {
        field: `attributes.${attr}`,
      });
    }
  }
  const texts: [string, LocalizedText | undefined][] = [
    ...def.consents.map((c): [string, LocalizedText] => [`consents.${c.key}.text`, c.text]),
    ['thankYou.text', def.thankYou?.text],
    ['title', def.title],
    ['intro', def.intro],
    ['submitLabel', def.submitLabel],
    ...def.fields.map((f): [string, LocalizedText | undefined] => [`fields.${f.name}.label`, f.label]),
  ];
  for (const [path, text] of texts) {
    if (!text) continue;
    const missing = def.locales.find((l) => !text[l]);
    if (missing)
      throw bad(`${path} has no "${missing}" text, but the form is offered in ${missing}`, { path });
  }
  for (const f of def.fields) {
    const attr = f.name.startsWith('attributes.') ? attributeSchema[f.name.slice(11)] : undefined;
    if (attr && !f.label && !attr.label) {
      throw bad(`Field "${f.name}" needs a label (the attribute has none)`, { field: f.name });
    }
  }
  const url = def.thankYou?.redirectUrl;
  if (url && !/^https?:\/\//i.test(url)) throw bad('thankYou.redirectUrl must be an http(s) address');
}

export const isRtl = (locale: string) => locale === 'he' || locale === 'fa';
export const pick = (text: LocalizedText | undefined, locale: FormLocale): string | undefined =>
  text?.[locale];
