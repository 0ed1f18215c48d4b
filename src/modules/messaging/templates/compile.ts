// A template variant (one locale) compiled once: MJML → HTML with the Liquid left in place, the text part
// derived from that HTML, and all three (subject, HTML, text) parsed by Liquid. Rendering for a member is then
// only a Liquid render of already parsed templates — MJML never runs per member (see bench/render.bench.ts).
import { convert } from 'html-to-text';
import mjml2html from 'mjml';
import type { TemplateLocale } from './filters.ts';
import {
  describeLiquidError,
  htmlLiquid,
  MessageRender,
  mutatesVariables,
  planOf,
  textLiquid,
  type ParsedLiquid,
  type RenderStep,
} from './liquid.ts';
import type { RenderScope } from './context.ts';
import type { ReaderFormat } from './filters.ts';
import { unknownSegment } from './context.ts';

export type TemplateChannel = 'email' | 'sms';
export type TemplatePurpose = 'marketing' | 'service';

export interface TemplateVariant {
  /** E-mail only. */
  subject: string | null;
  /** E-mail: an MJML document (`<mjml><mj-body>…`); SMS: the text. Liquid in both. */
  body: string;
}

export interface TemplateProblem {
  locale: TemplateLocale;
  field: 'subject' | 'body' | 'sender';
  rule:
    | 'liquid'
    | 'variable'
    | 'mjml'
    | 'limit'
    | 'israeli_marking'
    | 'sender_identity'
    | 'required'
    | 'required_variable';
  message: string;
  line?: number;
  column?: number;
}

export interface CompiledVariant {
  channel: TemplateChannel;
  locale: TemplateLocale;
  subject: ParsedLiquid | null;
  html: ParsedLiquid | null;
  text: ParsedLiquid;
  /** The Liquid sources the three were parsed from (the HTML is MJML's output, placeholders in place). */
  source: { subject: string | null; html: string | null; text: string };
  /** The three as render steps (see planOf), built once. */
  plan: { subject: RenderStep[] | null; html: RenderStep[] | null; text: RenderStep[] };
}

function withPlan(compiled: Omit<CompiledVariant, 'plan'>): CompiledVariant {
  const memoizable = !mutatesVariables(
    `${compiled.source.subject ?? ''}${compiled.source.html ?? ''}${compiled.source.text}`,
  );
  return {
    ...compiled,
    plan: {
      subject: compiled.subject ? planOf(textLiquid, compiled.subject, memoizable) : null,
      html: compiled.html ? planOf(htmlLiquid, compiled.html, memoizable) : null,
      text: planOf(textLiquid, compiled.text, memoizable),
    },
  };
}

export const RTL: ReadonlySet<string> = new Set(['he', 'fa']);

const FOOTER_WORDS: Record<TemplateLocale, { unsubscribe: string; preferences: string; refuse: string }> = {
  he: { unsubscribe: 'הסרה מרשימת התפוצה', preferences: 'העדפות דיוור', refuse: 'להסרה' },
  fa: { unsubscribe: 'لغو اشتراک', preferences: 'تنظیمات دریافت پیام', refuse: 'لغو' },
  en: { unsubscribe: 'Unsubscribe', preferences: 'Preferences', refuse: 'Stop' },
};

const CONTACT_LINE = '{{ program.contact_line }}';

/** The footer every marketing e-mail gets: who sends it, how to reach them, how to stop it. */
function emailFooter(locale: TemplateLocale): string {
  const w = FOOTER_WORDS[locale];
  const align = RTL.has(locale) ? 'right' : 'left';
  return (
    `<mj-section padding="16px 0"><mj-column>` +
    `<mj-divider border-width="1px" border-color="#dddddd" />` +
    `<mj-text font-size="12px" line-height="18px" color="#555555" align="${align}">${CONTACT_LINE}<br />` +
    `<a href="{{ links.unsubscribe }}" style="color:#555555">${w.unsubscribe}</a> · ` +
    `<a href="{{ links.preferences }}" style="color:#555555">${w.preferences}</a></mj-text>` +
    `</mj-column></mj-section>`
  );
}

/** The SMS footer: the sender and a free way to refuse. */
export function smsFooter(locale: TemplateLocale): string {
  return `\n{{ program.business_name }}. ${FOOTER_WORDS[locale].refuse}: {{ links.unsubscribe }}`;
}

const RTL_HEAD =
  '<mj-attributes><mj-text align="right" /><mj-button align="right" /><mj-image align="right" />' +
  '<mj-section direction="rtl" /></mj-attributes><mj-style>body,td,p{direction:rtl}</mj-style>';

/**
 * The author's MJML with lang/dir on <mjml>, right alignment for he/fa and the footer — inserted on the lines
 * that already hold <mjml>, <mj-head> and </mj-body>, so MJML's line numbers still point into the author's text.
 */
function prepareMjml(body: string, locale: TemplateLocale, withFooter: boolean): string | undefined {
  const open = /<mjml(\s[^>]*)?>/i.exec(body);
  if (!open || !/<\/mj-body>/i.test(body)) return undefined;
  const dir = RTL.has(locale) ? 'rtl' : 'ltr';
  const rtlHead = dir === 'rtl' ? RTL_HEAD : '';
  let out = body.replace(open[0], `<mjml lang="${locale}" dir="${dir}">`);
  if (/<mj-head(\s[^>]*)?>/i.test(out)) {
    out = out.replace(/<mj-head(\s[^>]*)?>/i, (head) => head + rtlHead);
  } else {
    out = out.replace(`<mjml lang="${locale}" dir="${dir}">`, (m) => `${m}<mj-head>${rtlHead}</mj-head>`);
  }
  if (withFooter) out = out.replace(/<\/mj-body>(?![\s\S]*<\/mj-body>)/i, `${emailFooter(locale)}</mj-body>`);
  return out;
}

const LIQUID_TOKEN = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

function lineOf(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Parses Liquid and checks every variable it names; problems point into `source`. */
function parseChecked(
  engine: typeof htmlLiquid,
  source: string,
  at: Pick<TemplateProblem, 'locale' | 'field'>,
  problems: TemplateProblem[],
): ParsedLiquid | undefined {
  let parsed: ParsedLiquid;
  try {
    parsed = engine.parse(source);
  } catch (error) {
    problems.push({ ...at, rule: 'liquid', ...describeLiquidError(error) });
    return undefined;
  }
  const analysis = engine.analyzeSync(parsed);
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const unknown = unknownSegment(variable.segments as (string | number)[]);
      if (unknown === undefined) continue;
      problems.push({
        ...at,
        rule: 'variable',
        message: `unknown variable: ${unknown}`,
        line: variable.location.row,
        column: variable.location.col,
      });
    }
  }
  return parsed;
}

export interface CompileInput {
  channel: TemplateChannel;
  purpose: TemplatePurpose;
  locale: TemplateLocale;
  variant: TemplateVariant;
}

/** Compiles one locale's variant. Either a compiled variant or the problems, each pointing to its line. */
export async function compileVariant(
  input: CompileInput,
): Promise<
  { compiled: CompiledVariant; problems: [] } | { compiled: undefined; problems: TemplateProblem[] }
> {
  const { channel, purpose, locale, variant } = input;
  const problems: TemplateProblem[] = [];
  const marketing = purpose === 'marketing';

  if (channel === 'sms') {
    parseChecked(textLiquid, variant.body, { locale, field: 'body' }, problems);
    if (problems.length) return { compiled: undefined, problems };
    const source = variant.body + (marketing ? smsFooter(locale) : '');
    return {
      compiled: withPlan({
        channel,
        locale,
        subject: null,
        html: null,
        text: textLiquid.parse(source),
        source: { subject: null, html: null, text: source },
      }),
      problems: [],
    };
  }

  const subjectSource = variant.subject ?? '';
  if (!subjectSource.trim()) {
    problems.push({ locale, field: 'subject', rule: 'required', message: 'an e-mail needs a subject' });
  }
  const subject = parseChecked(textLiquid, subjectSource, { locale, field: 'subject' }, problems);
  parseChecked(htmlLiquid, variant.body, { locale, field: 'body' }, problems);
  if (problems.length) return { compiled: undefined, problems };

  const mjml = prepareMjml(variant.body, locale, marketing);
  if (mjml === undefined) {
    problems.push({
      locale,
      field: 'body',
      rule: 'mjml',
      message: 'the body must be an MJML document: <mjml><mj-body>…</mj-body></mjml>',
      line: 1,
    });
    return { compiled: undefined, problems };
  }
  if (/<mj-include\b/i.test(mjml)) {
    const at = lineOf(variant.body, variant.body.search(/<mj-include\b/i));
    problems.push({ locale, field: 'body', rule: 'mjml', message: 'mj-include is not allowed', ...at });
    return { compiled: undefined, problems };
  }
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(mjml, {
      validationLevel: 'soft',
      ignoreIncludes: true,
      keepComments: false,
      useMjmlConfigOptions: false,
      fonts: {},
    });
  } catch (error) {
    problems.push({ locale, field: 'body', rule: 'mjml', message: (error as Error).message });
    return { compiled: undefined, problems };
  }
  for (const e of result.errors) {
    problems.push({ locale, field: 'body', rule: 'mjml', message: e.message, line: e.line });
  }
  // MJML keeps text inside its elements; Liquid between elements (`{% if %}<mj-text>`) would silently vanish.
  let from = 0;
  for (const match of variant.body.matchAll(LIQUID_TOKEN)) {
    const found = result.html.indexOf(match[0], from);
    if (found === -1) {
      problems.push({
        locale,
        field: 'body',
        rule: 'mjml',
        message:
          `"${match[0]}" is outside any MJML text element and would be lost: ` +
          'put it inside <mj-text>, <mj-button> or <mj-raw>',
        ...lineOf(variant.body, match.index),
      });
    } else from = found + match[0].length;
  }
  if (problems.length) return { compiled: undefined, problems };

  const text = convert(result.html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => ({ selector: h, options: { uppercase: false } })),
      { selector: 'table', format: 'block' },
    ],
  });
  return {
    compiled: withPlan({
      channel,
      locale,
      subject: subject ?? textLiquid.parse(''),
      html: htmlLiquid.parse(result.html),
      text: textLiquid.parse(text),
      source: { subject: subjectSource, html: result.html, text },
    }),
    problems: [],
  };
}

export interface RenderedMessage {
  subject: string | null;
  html: string | null;
  text: string;
}

/** One member's message from a compiled variant. Throws on a render error (limits, bad filter input). */
export async function renderCompiled(
  compiled: CompiledVariant,
  scope: RenderScope,
  reader: ReaderFormat,
): Promise<RenderedMessage> {
  const message = new MessageRender(scope, reader);
  const subject = compiled.plan.subject ? message.run(textLiquid, compiled.plan.subject) : null;
  const html = compiled.plan.html ? message.run(htmlLiquid, compiled.plan.html) : null;
  const text = message.run(textLiquid, compiled.plan.text);
  return { subject: subject?.trim() ?? null, html, text: text.trim() };
}
