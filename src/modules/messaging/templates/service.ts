// Templates: saved only when they compile and render (checkTemplate), audited, per program. And the sender
// details the marketing footer carries.
import type { Selectable } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../../audit/index.ts';
import type { TemplateChannel, TemplateProblem, TemplatePurpose } from './compile.ts';
import type { SenderIdentity } from './context.ts';
import type { TemplateLocale } from './filters.ts';
import { serviceTemplateProblems } from './service-defaults.ts';
import type { MessageTemplatesTable, StoredVariants } from './tables.ts';
import { checkTemplate, type ProgramFacts, type TemplateDraft } from './validate.ts';

export interface MessageTemplate extends TemplateDraft {
  id: string;
  key: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TemplateInput extends TemplateDraft {
  key: string;
  name: string;
}

export function templateView(row: Selectable<MessageTemplatesTable>): MessageTemplate {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    channel: row.channel as TemplateChannel,
    purpose: row.purpose as TemplatePurpose,
    defaultLocale: row.default_locale as TemplateLocale,
    variants: row.variants,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface SenderProfile extends SenderIdentity {
  /** As set: null follows the program's region. */
  israeliModeSetting: boolean | null;
  /** In effect: the setting, or on when the program's region is IL. */
  israeliMode: boolean;
}

export async function getSenderProfile(db: Db, programId: string): Promise<SenderProfile> {
  const program = await db
    .selectFrom('programs')
    .select(['name', 'default_region'])
    .where('id', '=', programId)
    .executeTakeFirst();
  if (!program) throw notFound('program', programId);
  const row = await db
    .selectFrom('message_sender_profiles')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  const setting = row?.israeli_mode ?? null;
  return {
    businessName: row?.business_name ?? program.name,
    address: row?.address ?? null,
    contactEmail: row?.contact_email ?? null,
    contactPhone: row?.contact_phone ?? null,
    israeliModeSetting: setting,
    israeliMode: setting ?? program.default_region === 'IL',
  };
}

export async function updateSenderProfile(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: SenderIdentity & { israeliMode: boolean | null },
): Promise<SenderProfile> {
  const before = await getSenderProfile(db, programId);
  const values = {
    business_name: input.businessName.trim(),
    address: input.address?.trim() || null,
    contact_email: input.contactEmail?.trim() || null,
    contact_phone: input.contactPhone?.trim() || null,
    israeli_mode: input.israeliMode,
    updated_at: clock.now(),
  };
  await db
    .insertInto('message_sender_profiles')
    .values({ program_id: programId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
  const after = await getSenderProfile(db, programId);
  await recordAudit(db, clock, actor, {
    programId,
    action: 'sender_profile.updated',
    entityType: 'sender_profile',
    entityId: programId,
    before,
    after,
  });
  return after;
}

export async function programFacts(db: Db, programId: string): Promise<ProgramFacts> {
  const sender = await getSenderProfile(db, programId);
  const program = await db
    .selectFrom('programs')
    .select(['name', 'currency', 'time_zone'])
    .where('id', '=', programId)
    .executeTakeFirstOrThrow();
  return {
    programName: program.name,
    currency: program.currency,
    timeZone: program.time_zone,
    sender,
    israeliMode: sender.israeliMode,
  };
}

function invalid(problems: TemplateProblem[]): AppError {
  const first = problems[0]!;
  const where = first.line
    ? ` (${first.locale} ${first.field}, line ${first.line})`
    : ` (${first.locale} ${first.field})`;
  const more = problems.length > 1 ? ` and ${problems.length - 1} more` : '';
  return new AppError('template_invalid', 400, `${first.message}${where}${more}`, { problems });
}

/**
 * Refuses a draft that does not compile, render or — in Israeli mode — carry the marking; under a service key
 * (service-defaults.ts), one that is not that service message.
 */
export async function assertTemplateSound(
  db: Db,
  clock: Clock,
  programId: string,
  draft: TemplateDraft,
  key?: string,
) {
  const service = key === undefined ? [] : serviceTemplateProblems(key, draft);
  const { problems } = await checkTemplate(draft, await programFacts(db, programId), clock.now());
  if (problems.length || service.length) throw invalid([...problems, ...service]);
}

const onlyGiven = (variants: StoredVariants): StoredVariants =>
  Object.fromEntries(Object.entries(variants).filter(([, v]) => v !== undefined));

export async function createTemplate(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: TemplateInput,
): Promise<MessageTemplate> {
  await assertTemplateSound(db, clock, programId, input, input.key);
  const taken = await db
    .selectFrom('message_templates')
    .select('id')
    .where('program_id', '=', programId)
    .where('key', '=', input.key)
    .executeTakeFirst();
  if (taken) {
    throw new AppError('template_key_taken', 409, `A template with the key "${input.key}" exists`, {
      templateId: taken.id,
    });
  }
  const now = clock.now();
  const row = await db
    .insertInto('message_templates')
    .values({
      program_id: programId,
      key: input.key,
      name: input.name,
      channel: input.channel,
      purpose: input.purpose,
      default_locale: input.defaultLocale,
      variants: JSON.stringify(onlyGiven(input.variants)),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const created = templateView(row);
  await recordAudit(db, clock, actor, {
    programId,
    action: 'template.created',
    entityType: 'message_template',
    entityId: created.id,
    after: created,
  });
  return created;
}

export async function getTemplate(db: Db, programId: string, templateId: string): Promise<MessageTemplate> {
  const row = await db
    .selectFrom('message_templates')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', templateId)
    .executeTakeFirst();
  if (!row) throw notFound('template', templateId);
  return templateView(row);
}

export async function findTemplateByKey(
  db: Db,
  programId: string,
  key: string,
): Promise<MessageTemplate | undefined> {
  const row = await db
    .selectFrom('message_templates')
    .selectAll()
    .where('program_id', '=', programId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? templateView(row) : undefined;
}

export async function listTemplates(db: Db, programId: string): Promise<MessageTemplate[]> {
  const rows = await db
    .selectFrom('message_templates')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(templateView);
}

/** Replaces a template's name, purpose, default locale and variants (its key and channel stay). */
export async function updateTemplate(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  templateId: string,
  input: Omit<TemplateInput, 'key' | 'channel'>,
): Promise<MessageTemplate> {
  const before = await getTemplate(db, programId, templateId);
  await assertTemplateSound(db, clock, programId, { ...input, channel: before.channel }, before.key);
  const row = await db
    .updateTable('message_templates')
    .set({
      name: input.name,
      purpose: input.purpose,
      default_locale: input.defaultLocale,
      variants: JSON.stringify(onlyGiven(input.variants)),
      updated_at: clock.now(),
    })
    .where('program_id', '=', programId)
    .where('id', '=', templateId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = templateView(row);
  await recordAudit(db, clock, actor, {
    programId,
    action: 'template.updated',
    entityType: 'message_template',
    entityId: templateId,
    before,
    after,
  });
  return after;
}

export async function deleteTemplate(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  templateId: string,
): Promise<void> {
  const before = await getTemplate(db, programId, templateId);
  await db
    .deleteFrom('message_templates')
    .where('program_id', '=', programId)
    .where('id', '=', templateId)
    .execute();
  await recordAudit(db, clock, actor, {
    programId,
    action: 'template.deleted',
    entityType: 'message_template',
    entityId: templateId,
    before,
  });
}
