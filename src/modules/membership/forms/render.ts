// Renders a signup form as HTML: the same <form> serves the hosted page (/f/:id) and the embed script.
// Accessible by construction: every input has a <label for>, required fields are marked for screen
// readers, errors are tied to inputs with aria-describedby and announced in a live region.
import { dirOf, escape, page } from '../html.ts';
import { ui } from '../i18n.ts';
import type { AttributeDef, FormDefinition, FormField, FormLocale } from './definition.ts';
import { pick } from './definition.ts';

export interface RenderContext {
  formId: string;
  definition: FormDefinition;
  programName: string;
  attributeSchema: Record<string, AttributeDef>;
  locale: FormLocale;
  /** Absolute URL of POST /f/:id/submit. */
  action: string;
  /** Signed render-time token for the minimum-fill-time check. */
  timingToken: string;
  values?: Record<string, string> | undefined;
  errors?: Record<string, string> | undefined;
  summary?: string | undefined;
  /** The referral code from an invitation link (`/r/{code}` opens the form with `?ref=`). */
  referralCode?: string | undefined;
}

const STANDARD_INPUT: Record<string, { type: string; autocomplete: string; ltr?: boolean }> = {
  email: { type: 'email', autocomplete: 'email', ltr: true },
  phone: { type: 'tel', autocomplete: 'tel', ltr: true },
  firstName: { type: 'text', autocomplete: 'given-name' },
  lastName: { type: 'text', autocomplete: 'family-name' },
  birthday: { type: 'date', autocomplete: 'bday' },
};

export function fieldLabel(field: FormField, ctx: Pick<RenderContext, 'locale' | 'attributeSchema'>): string {
  const own = pick(field.label, ctx.locale);
  if (own) return own;
  if (field.name.startsWith('attributes.')) {
    return ctx.attributeSchema[field.name.slice(11)]?.label ?? field.name.slice(11);
  }
  return ui(ctx.locale)[field.name as 'email'];
}

const inputId = (formId: string, name: string) => `mdn-${formId.slice(0, 8)}-${name.replace(/\W/g, '-')}`;

function renderField(field: FormField, ctx: RenderContext): string {
  const t = ui(ctx.locale);
  const id = inputId(ctx.formId, field.name);
  const error = ctx.errors?.[field.name];
  const value = ctx.values?.[field.name] ?? '';
  const label = fieldLabel(field, ctx);
  const required = field.required ? ' required aria-required="true"' : '';
  const mark = field.required
    ? ` <span aria-hidden="true">*</span><span class="sr">(${escape(t.required)})</span>`
    : '';
  const described = error ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const errorHtml = error ? `<p class="error" id="${id}-error">${escape(error)}</p>` : '';
  const attr = field.name.startsWith('attributes.') ? ctx.attributeSchema[field.name.slice(11)] : undefined;
  const name = escape(field.name);
  let control: string;
  if (attr?.type === 'boolean') {
    const checked = value ? ' checked' : '';
    return (
      `<div class="consent"><input type="checkbox" id="${id}" name="${name}" value="yes"${checked}${described}>` +
      `<label for="${id}">${escape(label)}${mark}</label></div>${errorHtml}`
    );
  } else if (attr?.enum) {
    const options = [
      `<option value=""></option>`,
      ...attr.enum.map(
        (o) => `<option value="${escape(o)}"${o === value ? ' selected' : ''}>${escape(o)}</option>`,
      ),
    ].join('');
    control = `<select id="${id}" name="${name}"${required}${described}>${options}</select>`;
  } else {
    const std = STANDARD_INPUT[field.name];
    const type =
      std?.type ??
      (attr?.type === 'integer' || attr?.type === 'number'
        ? 'number'
        : attr?.type === 'date'
          ? 'date'
          : 'text');
    const extras = [
      std?.autocomplete ? ` autocomplete="${std.autocomplete}"` : '',
      std?.ltr ? ' dir="ltr"' : '',
      type === 'number' ? ' inputmode="decimal"' : '',
    ].join('');
    control = `<input type="${type}" id="${id}" name="${name}" value="${escape(value)}"${extras}${required}${described}>`;
  }
  return `<div class="field"><label for="${id}">${escape(label)}${mark}</label>${control}${errorHtml}</div>`;
}

/** The <form> element alone (hosted page and embed script share it). */
export function renderFormElement(ctx: RenderContext): string {
  const t = ui(ctx.locale);
  const def = ctx.definition;
  const fields = def.fields.map((f) => renderField(f, ctx)).join('\n');
  const consents = def.consents
    .map((c) => {
      const name = `consent.${c.key}`;
      const id = inputId(ctx.formId, name);
      const error = ctx.errors?.[name];
      const checked = ctx.values?.[name] ? ' checked' : '';
      const required = c.required ? ' required aria-required="true"' : '';
      const described = error ? ` aria-invalid="true" aria-describedby="${id}-error"` : '';
      return (
        `<div class="consent"><input type="checkbox" id="${id}" name="${escape(name)}" value="yes"${checked}${required}${described}>` +
        `<label for="${id}">${escape(pick(c.text, ctx.locale))}</label></div>` +
        (error ? `<p class="error" id="${id}-error">${escape(error)}</p>` : '')
      );
    })
    .join('\n');
  const hp = inputId(ctx.formId, 'website');
  return `<form class="mdn-form" method="post" action="${escape(ctx.action)}" accept-charset="utf-8" lang="${ctx.locale}" dir="${dirOf(ctx.locale)}">
<div class="summary" role="alert" aria-live="assertive">${escape(ctx.summary ?? '')}</div>
${fields}
${consents}
<div class="hp" aria-hidden="true"><label for="${hp}">${escape(t.honeypot)}</label><input type="text" id="${hp}" name="website" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="_t" value="${escape(ctx.timingToken)}">
<input type="hidden" name="_lang" value="${ctx.locale}">
${ctx.referralCode ? `<input type="hidden" name="_ref" value="${escape(ctx.referralCode)}">\n` : ''}<button type="submit">${escape(pick(def.submitLabel, ctx.locale) ?? t.submit)}</button>
</form>`;
}

/** The hosted page /f/:id: title, intro, language links and the form. */
export function renderFormPage(ctx: RenderContext, hostedUrl: string): string {
  const t = ui(ctx.locale);
  const def = ctx.definition;
  const title = pick(def.title, ctx.locale) ?? ctx.programName;
  const intro = pick(def.intro, ctx.locale);
  const names: Record<string, string> = { he: 'עברית', fa: 'فارسی', en: 'English' };
  const langs =
    def.locales.length > 1
      ? `<nav class="langs" aria-label="${escape(t.language)}">${def.locales
          .map((l) =>
            l === ctx.locale
              ? `<span lang="${l}" aria-current="true">${names[l]}</span>`
              : `<a href="${escape(`${hostedUrl}?lang=${l}`)}" lang="${l}" hreflang="${l}">${names[l]}</a>`,
          )
          .join(' ')}</nav>`
      : '';
  return page({
    locale: ctx.locale,
    title,
    body: `${langs}<h1>${escape(title)}</h1>\n${intro ? `<p>${escape(intro)}</p>\n` : ''}${renderFormElement(ctx)}`,
  });
}
