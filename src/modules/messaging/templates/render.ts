// A template rendered for someone: a real member (their name, points, tier, expiring points), the sample
// member of previews, or a test send to an address. Compiled variants are cached by template version, so a
// campaign compiles MJML once per template and locale and then only renders Liquid per member.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import {
  getAccount,
  getAccounts,
  loadLoyaltyConfig,
  type Account,
  type LoyaltyConfig,
} from '../../loyalty/index.ts';
import { getMember, membersByIds, type Member } from '../../members/index.ts';
import { queueMessage, type Message } from '../service.ts';
import {
  compileVariant,
  renderCompiled,
  type CompiledVariant,
  type RenderedMessage,
  type TemplateProblem,
} from './compile.ts';
import {
  renderScope,
  sampleMember,
  SAMPLE_PER_SEND,
  type PerSendValues,
  type RenderLinks,
  type RenderMember,
} from './context.ts';
import { readerFormat, type TemplateLocale } from './filters.ts';
import { describeLiquidError } from './liquid.ts';
import { getTemplate, programFacts, type MessageTemplate } from './service.ts';
import { checkTemplate, chooseLocale, type ProgramFacts, type TemplateDraft } from './validate.ts';

/** The last path segment of an unsubscribe link is treated as a secret by queueMessage: keep it unlike any word. */
const PREVIEW_TOKEN = 'preview-link-0000';

export interface RenderDeps {
  db: Db;
  clock: Clock;
  config: { publicUrl: string };
}

/** The member as a template sees them; `locale` is the variant chosen for them. */
export async function memberForRender(
  db: Db,
  clock: Clock,
  programId: string,
  memberId: string,
  locale: TemplateLocale,
  programTimeZone: string,
): Promise<RenderMember> {
  const member = await getMember(db, programId, memberId);
  const config = await loadLoyaltyConfig(db, programId);
  const account = await getAccount(db, config, memberId, clock.now());
  return renderMemberOf(member, account, config, locale, programTimeZone);
}

/**
 * memberForRender for a batch (a campaign's claimed rows) in three queries: the active members among them and
 * their accounts. Members no longer active are absent from the map.
 */
export async function membersForRender(
  db: Db,
  clock: Clock,
  programId: string,
  wanted: readonly { memberId: string; locale: TemplateLocale }[],
  programTimeZone: string,
): Promise<Map<string, RenderMember>> {
  const ids = [...new Set(wanted.map((w) => w.memberId))];
  const members = await membersByIds(db, programId, ids);
  const config = await loadLoyaltyConfig(db, programId);
  const accounts = await getAccounts(db, config, [...members.keys()], clock.now());
  const result = new Map<string, RenderMember>();
  for (const w of wanted) {
    const member = members.get(w.memberId);
    const account = accounts.get(w.memberId);
    if (member && account) {
      result.set(w.memberId, renderMemberOf(member, account, config, w.locale, programTimeZone));
    }
  }
  return result;
}

function renderMemberOf(
  member: Member,
  account: Account,
  config: LoyaltyConfig,
  locale: TemplateLocale,
  programTimeZone: string,
): RenderMember {
  const tier = config.tiers.find((t) => t.key === account.tier);
  const calendar = member.attributes.calendar;
  return {
    firstName: member.firstName,
    lastName: member.lastName,
    email: member.email,
    phone: member.phone,
    locale,
    calendar: typeof calendar === 'string' ? calendar : null,
    timeZone: member.timeZone ?? programTimeZone,
    tierKey: account.tier,
    tierName: tier?.name ?? null,
    points: {
      balance: account.balance,
      pending: account.pending,
      expiring: account.expiringSoon.points,
      expiringAt: account.expiringSoon.firstAt,
    },
  };
}

/** Links that go nowhere harmful: previews and test sends must not carry a member's real unsubscribe token. */
export function previewLinks(publicUrl: string): RenderLinks {
  return {
    portal: `${publicUrl}/portal`,
    unsubscribe: `${publicUrl}/u/${PREVIEW_TOKEN}`,
    preferences: `${publicUrl}/preferences/${PREVIEW_TOKEN}`,
  };
}

const compiledCache = new Map<string, CompiledVariant>();
const CACHE_SIZE = 200;

async function compiledFor(template: MessageTemplate, locale: TemplateLocale): Promise<CompiledVariant> {
  const key = `${template.id}:${template.updatedAt.getTime()}:${locale}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const variant = template.variants[locale];
  if (!variant) throw new Error(`template ${template.id} has no ${locale} variant`);
  const result = await compileVariant({
    channel: template.channel,
    purpose: template.purpose,
    locale,
    variant,
  });
  // Saved templates were checked when saved; one that no longer compiles is a bug worth a loud failure.
  if (!result.compiled)
    throw new Error(`template ${template.id} (${locale}): ${result.problems[0]?.message}`);
  if (compiledCache.size >= CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value!);
  compiledCache.set(key, result.compiled);
  return result.compiled;
}

export interface RenderForMemberInput {
  template: MessageTemplate;
  facts: ProgramFacts;
  /** The member's data; its locale is only a wish — the variant chosen may differ (fallback). */
  member: RenderMember;
  links: RenderLinks;
  perSend?: PerSendValues | undefined;
}

/** One member's message from a saved template, in their locale or the template's fallback. */
export async function renderForMember(
  input: RenderForMemberInput,
): Promise<RenderedMessage & { locale: TemplateLocale }> {
  const { template, facts } = input;
  const locale = chooseLocale(template.variants, input.member.locale, template.defaultLocale);
  const member = { ...input.member, locale };
  const compiled = await compiledFor(template, locale);
  const rendered = await renderCompiled(
    compiled,
    renderScope({
      member,
      sender: facts.sender,
      programName: facts.programName,
      links: input.links,
      perSend: input.perSend,
    }),
    readerFormat({ ...member, currency: facts.currency }),
  );
  return { ...rendered, locale };
}

export interface PreviewInput {
  draft: TemplateDraft;
  locale: TemplateLocale;
  memberId?: string | undefined;
}

export interface Preview {
  /** The variant shown: the one asked for, or the fallback when it has none. */
  locale: TemplateLocale;
  subject: string | null;
  html: string | null;
  text: string | null;
  problems: TemplateProblem[];
}

/** An unsaved draft as a real or the sample member would receive it, with every problem the save would refuse. */
export async function previewTemplate(
  deps: RenderDeps,
  programId: string,
  input: PreviewInput,
): Promise<Preview> {
  const facts = await programFacts(deps.db, programId);
  const { problems, compiled } = await checkTemplate(input.draft, facts, deps.clock.now());
  const locale = chooseLocale(input.draft.variants, input.locale, input.draft.defaultLocale);
  const variant = compiled[locale];
  if (!variant) return { locale, subject: null, html: null, text: null, problems };
  const member = input.memberId
    ? await memberForRender(deps.db, deps.clock, programId, input.memberId, locale, facts.timeZone)
    : sampleMember(locale, facts.timeZone, deps.clock.now());
  try {
    const rendered = await renderCompiled(
      variant,
      renderScope({
        member,
        sender: facts.sender,
        programName: facts.programName,
        links: previewLinks(deps.config.publicUrl),
        perSend: SAMPLE_PER_SEND,
      }),
      readerFormat({ ...member, currency: facts.currency }),
    );
    return { locale, ...rendered, problems };
  } catch (error) {
    // The sample rendered, this member does not (e.g. a date filter on their empty field).
    const problem: TemplateProblem = { locale, field: 'body', rule: 'liquid', ...describeLiquidError(error) };
    return { locale, subject: null, html: null, text: null, problems: [...problems, problem] };
  }
}

export interface TestSendInput {
  to: string;
  locale: TemplateLocale;
  memberId?: string | undefined;
}

/** A saved template sent to one address through the normal send path (outbox, or SMTP when configured). */
export async function sendTemplateTest(
  deps: RenderDeps,
  programId: string,
  templateId: string,
  input: TestSendInput,
): Promise<Message> {
  const template = await getTemplate(deps.db, programId, templateId);
  const facts = await programFacts(deps.db, programId);
  const locale = chooseLocale(template.variants, input.locale, template.defaultLocale);
  const member = input.memberId
    ? await memberForRender(deps.db, deps.clock, programId, input.memberId, locale, facts.timeZone)
    : sampleMember(locale, facts.timeZone, deps.clock.now());
  const links = previewLinks(deps.config.publicUrl);
  const rendered = await renderForMember({ template, facts, member, links, perSend: SAMPLE_PER_SEND });
  return queueMessage(deps.db, deps.clock, {
    programId,
    memberId: null,
    channel: template.channel,
    kind: 'template_test',
    purpose: template.purpose,
    to: input.to,
    locale: rendered.locale,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    unsubscribeUrl:
      template.purpose === 'marketing' && template.channel === 'email' ? links.unsubscribe : null,
  });
}
