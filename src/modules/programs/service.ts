import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';

export interface Program {
  id: string;
  slug: string;
  name: string;
  defaultLocale: string;
  defaultRegion: string;
  currency: string;
  timeZone: string;
  memberAttributeSchema: Record<string, unknown>;
  createdAt: Date;
}

export interface ProgramInput {
  slug: string;
  name: string;
  defaultLocale?: string | undefined;
  defaultRegion?: string | undefined;
  currency?: string | undefined;
  timeZone?: string | undefined;
  memberAttributeSchema?: Record<string, unknown> | undefined;
}

type ProgramRow = {
  id: string;
  slug: string;
  name: string;
  default_locale: string;
  default_region: string;
  currency: string;
  time_zone: string;
  member_attribute_schema: Record<string, unknown>;
  created_at: Date;
};

export function programView(row: ProgramRow): Program {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultLocale: row.default_locale,
    defaultRegion: row.default_region,
    currency: row.currency,
    timeZone: row.time_zone,
    memberAttributeSchema: row.member_attribute_schema,
    createdAt: row.created_at,
  };
}

export async function createProgram(db: Db, input: ProgramInput): Promise<Program> {
  const row = await db
    .insertInto('programs')
    .values({
      slug: input.slug,
      name: input.name,
      ...(input.defaultLocale ? { default_locale: input.defaultLocale } : {}),
      ...(input.defaultRegion ? { default_region: input.defaultRegion } : {}),
      ...(input.currency ? { currency: input.currency } : {}),
      ...(input.timeZone ? { time_zone: input.timeZone } : {}),
      member_attribute_schema: JSON.stringify(input.memberAttributeSchema ?? {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return programView(row);
}

export async function getProgram(db: Db, programId: string): Promise<Program> {
  const row = await db.selectFrom('programs').selectAll().where('id', '=', programId).executeTakeFirst();
  if (!row) throw notFound('program', programId);
  return programView(row);
}

/** A program by id or by slug (for the command line, where people type the slug). */
export async function findProgram(db: Db, idOrSlug: string): Promise<Program> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const row = await db
    .selectFrom('programs')
    .selectAll()
    .where(isUuid ? 'id' : 'slug', '=', idOrSlug)
    .executeTakeFirst();
  if (!row) throw notFound('program', idOrSlug);
  return programView(row);
}

export async function listPrograms(db: Db, ids: string[]): Promise<Program[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('programs').selectAll().where('id', 'in', ids).orderBy('name').execute();
  return rows.map(programView);
}

export async function updateProgram(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  patch: Partial<Omit<ProgramInput, 'slug'>>,
): Promise<Program> {
  return db.transaction().execute(async (trx) => {
    const before = await getProgram(trx, programId);
    const row = await trx
      .updateTable('programs')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.defaultLocale !== undefined ? { default_locale: patch.defaultLocale } : {}),
        ...(patch.defaultRegion !== undefined ? { default_region: patch.defaultRegion } : {}),
        ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
        ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
        ...(patch.memberAttributeSchema !== undefined
          ? { member_attribute_schema: JSON.stringify(patch.memberAttributeSchema) }
          : {}),
        updated_at: clock.now(),
      })
      .where('id', '=', programId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = programView(row);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'program.updated',
      entityType: 'program',
      entityId: programId,
      before,
      after,
    });
    return after;
  });
}

/** Whether any club exists yet (a fresh installation has none). */
export async function anyProgramExists(db: Db): Promise<boolean> {
  return (await db.selectFrom('programs').select('id').limit(1).executeTakeFirst()) !== undefined;
}
