// Everything that can be wrong with a template, found when it is saved (and shown in preview), never first at
// send time: Liquid syntax, unknown variables, MJML errors, a sample render hitting a limit or a filter given
// the wrong input, and — in Israeli mode — the marking rules of the Communications Law §30A for advertising.
import {
  compileVariant,
  type CompiledVariant,
  type TemplateChannel,
  type TemplateProblem,
  type TemplatePurpose,
  type TemplateVariant,
} from './compile.ts';
import { renderScope, sampleMember, SAMPLE_PER_SEND, type SenderIdentity } from './context.ts';
import { readerFormat, TEMPLATE_LOCALES, type TemplateLocale } from './filters.ts';
import { describeLiquidError, htmlLiquid, renderLiquid, textLiquid } from './liquid.ts';

/** Israeli law: advertising by e-mail or SMS says so first — the subject or text starts with this word. */
export const ADVERTISING_MARK = 'פרסומת';

export interface TemplateDraft {
  channel: TemplateChannel;
  purpose: TemplatePurpose;
  defaultLocale: TemplateLocale;
  variants: Partial<Record<TemplateLocale, TemplateVariant>>;
}

export interface ProgramFacts {
  programName: string;
  currency: string;
  timeZone: string;
  sender: SenderIdentity;
  israeliMode: boolean;
}

/** Where a render error came from in the author's source: the failing `{{ … }}` found there. */
function locateInSource(source: string, error: unknown): { line?: number; column?: number } {
  const text = (error as { token?: { getText?: () => string } }).token?.getText?.();
  const index = text ? source.indexOf(text) : -1;
  if (index === -1) return {};
  const before = source.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

function israeliProblems(draft: TemplateDraft, facts: ProgramFacts): TemplateProblem[] {
  if (!facts.israeliMode || draft.purpose !== 'marketing') return [];
  const problems: TemplateProblem[] = [];
  for (const locale of TEMPLATE_LOCALES) {
    const variant = draft.variants[locale];
    if (!variant) continue;
    const field = draft.channel === 'email' ? 'subject' : 'body';
    const start = (draft.channel === 'email' ? (variant.subject ?? '') : variant.body).trimStart();
    if (!start.startsWith(ADVERTISING_MARK)) {
      problems.push({
        locale,
        field,
        rule: 'israeli_marking',
        message:
          draft.channel === 'email'
            ? `Israeli mode: a marketing e-mail's subject must start with "${ADVERTISING_MARK}"`
            : `Israeli mode: a marketing SMS must start with "${ADVERTISING_MARK}"`,
        line: 1,
        column: 1,
      });
    }
  }
  const s = facts.sender;
  if (!s.businessName.trim() || !(s.address || s.contactEmail || s.contactPhone)) {
    // The footer (added to every marketing message) carries the sender's identity and the way to refuse; it
    // needs the business name and a way to reach the business.
    problems.push({
      locale: draft.defaultLocale,
      field: 'sender',
      rule: 'sender_identity',
      message:
        'Israeli mode: marketing messages must name the sender and how to reach them — fill in the business ' +
        'name and an address, phone or e-mail in the sender details',
    });
  }
  return problems;
}

/** Compiles every variant and renders each for a sample member. Empty problems = fit to save and send. */
export async function checkTemplate(
  draft: TemplateDraft,
  facts: ProgramFacts,
  now: Date,
): Promise<{ problems: TemplateProblem[]; compiled: Partial<Record<TemplateLocale, CompiledVariant>> }> {
  const problems: TemplateProblem[] = [];
  const compiled: Partial<Record<TemplateLocale, CompiledVariant>> = {};
  if (!draft.variants[draft.defaultLocale]) {
    problems.push({
      locale: draft.defaultLocale,
      field: 'body',
      rule: 'required',
      message: `the default locale (${draft.defaultLocale}) has no variant: it is the fallback for the others`,
    });
  }
  for (const locale of TEMPLATE_LOCALES) {
    const variant = draft.variants[locale];
    if (!variant) continue;
    const result = await compileVariant({ channel: draft.channel, purpose: draft.purpose, locale, variant });
    if (!result.compiled) {
      problems.push(...result.problems);
      continue;
    }
    const member = sampleMember(locale, facts.timeZone, now);
    const scope = renderScope({
      member,
      sender: facts.sender,
      programName: facts.programName,
      links: {
        portal: 'https://example.com/portal',
        unsubscribe: 'https://example.com/u/x',
        preferences: 'https://example.com/p/x',
      },
      perSend: SAMPLE_PER_SEND,
    });
    const reader = readerFormat({ ...member, currency: facts.currency });
    const parts = [
      {
        field: 'subject' as const,
        engine: textLiquid,
        parsed: result.compiled.subject,
        source: variant.subject ?? '',
      },
      {
        field: 'body' as const,
        engine: result.compiled.html ? htmlLiquid : textLiquid,
        parsed: result.compiled.html ?? result.compiled.text,
        source: variant.body,
      },
    ];
    let failed = false;
    for (const part of parts) {
      if (!part.parsed) continue;
      try {
        await renderLiquid(part.engine, part.parsed, scope, reader);
      } catch (error) {
        failed = true;
        const described = describeLiquidError(error);
        problems.push({
          locale,
          field: part.field,
          rule: /loops ran|longer than|limit exceeded/.test(described.message) ? 'limit' : 'liquid',
          message: described.message,
          ...locateInSource(part.source, error),
        });
      }
    }
    if (!failed) compiled[locale] = result.compiled;
  }
  problems.push(...israeliProblems(draft, facts));
  return { problems, compiled };
}

/** The variant a member reads: their locale, else the template's default, else any. */
export function chooseLocale(
  variants: Partial<Record<TemplateLocale, unknown>>,
  wanted: string | null | undefined,
  defaultLocale: TemplateLocale,
): TemplateLocale {
  const base = wanted?.split('-')[0];
  if (base && (TEMPLATE_LOCALES as readonly string[]).includes(base) && variants[base as TemplateLocale]) {
    return base as TemplateLocale;
  }
  if (variants[defaultLocale]) return defaultLocale;
  return TEMPLATE_LOCALES.find((l) => variants[l]) ?? defaultLocale;
}
