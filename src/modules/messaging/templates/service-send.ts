// Service messages through templates: the program's saved template under the key, else the built-in one
// (service-defaults.ts), rendered for the member in their language and queued like any other message.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { queueMessage, type Message } from '../service.ts';
import type { PerSendValues, RenderMember } from './context.ts';
import type { TemplateLocale } from './filters.ts';
import { memberForRender, renderForMember } from './render.ts';
import { SERVICE_TEMPLATE_KEYS, SERVICE_TEMPLATES, type ServiceTemplateKey } from './service-defaults.ts';
import { findTemplateByKey, programFacts, type MessageTemplate } from './service.ts';
import { chooseLocale } from './validate.ts';

/** When the built-ins change, their compiled cache entries must too: bump with any edit of service-defaults.ts. */
const BUILT_IN_VERSION = new Date('2026-12-02T00:00:00Z');

export function builtInTemplate(key: ServiceTemplateKey): MessageTemplate {
  const d = SERVICE_TEMPLATES[key];
  return {
    id: `builtin:${key}`,
    key,
    name: d.name.en,
    channel: d.channel,
    purpose: 'service',
    defaultLocale: d.defaultLocale,
    variants: d.variants,
    createdAt: BUILT_IN_VERSION,
    updatedAt: BUILT_IN_VERSION,
  };
}

/** Every service message with the built-in default and, where the program saved its own, that template's id. */
export async function listServiceTemplates(db: Db, programId: string) {
  const saved = await db
    .selectFrom('message_templates')
    .select(['id', 'key'])
    .where('program_id', '=', programId)
    .where('key', 'in', [...SERVICE_TEMPLATE_KEYS])
    .execute();
  const ids = new Map(saved.map((r) => [r.key, r.id]));
  return SERVICE_TEMPLATE_KEYS.map((key) => {
    const d = SERVICE_TEMPLATES[key];
    return {
      key,
      channel: d.channel,
      kind: d.kind,
      name: d.name,
      requires: [...d.requires],
      templateId: ids.get(key) ?? null,
      defaultLocale: d.defaultLocale,
      variants: d.variants,
    };
  });
}

/** The template a service message is sent from: the program's own under the key, else the built-in. */
export async function serviceTemplate(db: Db, programId: string, key: ServiceTemplateKey) {
  return (await findTemplateByKey(db, programId, key)) ?? builtInTemplate(key);
}

export interface ServiceMessageInput {
  programId: string;
  key: ServiceTemplateKey;
  to: string;
  /** The member it is for; without one (a signup not yet confirmed) `person` gives the name. */
  memberId?: string | null | undefined;
  person?: { firstName?: string | null | undefined; lastName?: string | null | undefined } | undefined;
  /** The language wished for (the member's); the template's fallback applies. */
  locale?: string | null | undefined;
  /** The member's portal address ({{ links.portal }}). */
  portalUrl: string;
  perSend?: PerSendValues | undefined;
  /** Values never shown to admins (the code, the link's token): see secrets.ts. */
  secrets?: string[] | undefined;
}

function personForRender(input: ServiceMessageInput, locale: TemplateLocale, timeZone: string): RenderMember {
  const email = input.to.includes('@') ? input.to : null;
  return {
    firstName: input.person?.firstName ?? null,
    lastName: input.person?.lastName ?? null,
    email,
    phone: email ? null : input.to,
    locale,
    calendar: null,
    timeZone,
    tierKey: null,
    tierName: null,
    points: { balance: 0, pending: 0, expiring: 0, expiringAt: null },
  };
}

/** Renders and queues one service message in the caller's transaction. */
export async function sendServiceMessage(db: Db, clock: Clock, input: ServiceMessageInput): Promise<Message> {
  const template = await serviceTemplate(db, input.programId, input.key);
  const facts = await programFacts(db, input.programId);
  const locale = chooseLocale(template.variants, input.locale, template.defaultLocale);
  const member = input.memberId
    ? await memberForRender(db, clock, input.programId, input.memberId, locale, facts.timeZone)
    : personForRender(input, locale, facts.timeZone);
  // Service mail carries no unsubscribe link; a template naming one gets the portal, where consent is managed.
  const links = { portal: input.portalUrl, unsubscribe: input.portalUrl, preferences: input.portalUrl };
  const rendered = await renderForMember({
    template,
    facts,
    member,
    links,
    perSend: input.perSend,
  });
  return queueMessage(db, clock, {
    programId: input.programId,
    memberId: input.memberId ?? null,
    channel: template.channel,
    kind: SERVICE_TEMPLATES[input.key].kind,
    purpose: 'service',
    to: input.to,
    locale: rendered.locale,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    secrets: input.secrets,
  });
}
