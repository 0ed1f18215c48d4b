// The form builder's editable model and its translation to and from the API's form definition. Pure: no
// React, no I/O, so the rules (what is sent, what a preview needs) are unit-tested.
import { LOCALES, type Locale } from '../../../shared/format.ts';
import type { FormConsent, FormDefinition, LocalizedText } from './types.ts';

export const STANDARD_FIELDS = ['email', 'phone', 'firstName', 'lastName', 'birthday'] as const;

export interface FieldChoice {
  name: string;
  on: boolean;
  required: boolean;
}

export interface Draft {
  name: string;
  /** The first is the form's default language. */
  locales: Locale[];
  title: LocalizedText;
  fields: FieldChoice[];
  consents: FormConsent[];
  listIds: string[];
  doubleOptIn: boolean;
  thankYouMode: 'text' | 'redirect';
  thankYouText: LocalizedText;
  redirectUrl: string;
  /** Parts of a stored definition the builder does not edit (intro, labels, spam…), kept as they were. */
  base: Partial<FormDefinition>;
}

/** Every field the form can ask: the standard ones, then the program's custom attributes. */
export function fieldChoices(attributes: string[], def?: FormDefinition): FieldChoice[] {
  const names = [...STANDARD_FIELDS, ...attributes.map((a) => `attributes.${a}`)];
  return names.map((name) => {
    const field = def?.fields.find((f) => f.name === name);
    return def
      ? { name, on: Boolean(field), required: Boolean(field?.required) }
      : { name, on: name === 'email' || name === 'firstName', required: name === 'email' };
  });
}

export function newDraft(uiLocale: Locale, attributes: string[]): Draft {
  return {
    name: '',
    locales: [uiLocale],
    title: {},
    fields: fieldChoices(attributes),
    consents: [],
    listIds: [],
    doubleOptIn: false,
    thankYouMode: 'text',
    thankYouText: {},
    redirectUrl: '',
    base: {},
  };
}

export function draftFromForm(
  form: { name: string; definition: FormDefinition },
  attributes: string[],
): Draft {
  const def = form.definition;
  // `base` keeps what the builder does not edit, including the stored fields (for their custom labels).
  const { title, consents, listIds, doubleOptIn, thankYou, locales, ...base } = def;
  const stored = def.fields.filter((f) => f.name.startsWith('attributes.')).map((f) => f.name.slice(11));
  return {
    name: form.name,
    locales: [...locales],
    title: { ...title },
    fields: fieldChoices([...new Set([...attributes, ...stored])], def),
    consents: consents.map((c) => ({ ...c, text: { ...c.text } })),
    listIds: [...listIds],
    doubleOptIn,
    thankYouMode: thankYou?.redirectUrl ? 'redirect' : 'text',
    thankYouText: { ...thankYou?.text },
    redirectUrl: thankYou?.redirectUrl ?? '',
    base,
  };
}

/** Only the languages the form is offered in, without blanks; undefined when nothing is left. */
function texts(text: LocalizedText, locales: Locale[]): LocalizedText | undefined {
  const out: LocalizedText = {};
  for (const l of locales) {
    const value = text[l]?.trim();
    if (value) out[l] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The definition to save, or to preview. A preview shows half-finished drafts too: a consent without any
 * wording yet shows an ellipsis, and a form without a field shows the e-mail field, instead of failing.
 */
export function toDefinition(draft: Draft, opts: { preview?: boolean } = {}): FormDefinition {
  const locales = draft.locales.length ? draft.locales : ['en' as const];
  const storedFields = new Map((draft.base.fields ?? []).map((f) => [f.name, f]));
  let fields = draft.fields
    .filter((f) => f.on)
    .map((f) => ({
      ...(storedFields.get(f.name)?.label ? { label: storedFields.get(f.name)!.label } : {}),
      name: f.name,
      required: f.required,
    }));
  if (opts.preview && fields.length === 0) fields = [{ name: 'email', required: true }];
  const consents = draft.consents.map((c) => {
    const text = texts(c.text, locales) ?? (opts.preview ? { [locales[0]!]: '…' } : {});
    return { ...c, text };
  });
  const title = texts(draft.title, locales);
  const thankYouText = texts(draft.thankYouText, locales);
  const redirectUrl = draft.redirectUrl.trim();
  const thankYou =
    draft.thankYouMode === 'redirect'
      ? redirectUrl && (!opts.preview || /^https?:\/\/\S+$/.test(redirectUrl))
        ? { redirectUrl }
        : undefined
      : thankYouText
        ? { text: thankYouText }
        : undefined;
  const base = { ...draft.base };
  delete base.fields;
  return {
    ...base,
    locales: [...locales],
    ...(title ? { title } : {}),
    fields,
    consents,
    listIds: [...draft.listIds],
    doubleOptIn: draft.doubleOptIn,
    ...(thankYou ? { thankYou } : {}),
  };
}

/** A key for a new consent box: its channel and purpose, numbered when that pair is already used. */
export function consentKey(consents: FormConsent[], channel: string, purpose: string): string {
  const stem = `${channel}_${purpose}`;
  const taken = new Set(consents.map((c) => c.key));
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}_${n}`)) return `${stem}_${n}`;
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const INPUT_TYPES: Record<string, string> = {
  email: 'email',
  phone: 'tel',
  birthday: 'date',
};

/**
 * A plain HTML <form> for sites that cannot run scripts: inputs named as the form's fields, consent boxes as
 * consent.<key> = yes, in the form's default language. `label(name)` gives a field's label.
 */
export function plainHtmlSnippet(
  def: FormDefinition,
  submitUrl: string,
  label: (name: string) => string,
): string {
  const locale = def.locales[0] ?? 'en';
  const dir = locale === 'en' ? 'ltr' : 'rtl';
  const lines = [`<form method="post" action="${escapeHtml(submitUrl)}" lang="${locale}" dir="${dir}">`];
  for (const f of def.fields) {
    const type = INPUT_TYPES[f.name] ?? 'text';
    const required = f.required ? ' required' : '';
    lines.push(
      `  <label>${escapeHtml(label(f.name))} <input type="${type}" name="${escapeHtml(f.name)}"${required}></label>`,
    );
  }
  for (const c of def.consents) {
    const required = c.required ? ' required' : '';
    const text = c.text[locale] ?? Object.values(c.text)[0] ?? '';
    lines.push(
      `  <label><input type="checkbox" name="consent.${c.key}" value="yes"${required}> ${escapeHtml(text)}</label>`,
    );
  }
  lines.push(`  <input type="hidden" name="_lang" value="${locale}">`);
  lines.push(`  <button type="submit">${escapeHtml(label('submit'))}</button>`);
  lines.push('</form>');
  return lines.join('\n');
}

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);
