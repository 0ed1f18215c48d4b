// Signup form definitions: create, read, update, archive.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { getProgram } from '../../programs/index.ts';
import { assertListsExist } from '../lists.ts';
import { checkDefinition, type AttributeDef, type FormDefinition } from './definition.ts';

export interface SignupForm {
  id: string;
  programId: string;
  name: string;
  status: 'active' | 'archived';
  definition: FormDefinition;
  createdAt: Date;
  updatedAt: Date;
}

type FormRow = {
  id: string;
  program_id: string;
  name: string;
  status: 'active' | 'archived';
  definition: unknown;
  created_at: Date;
  updated_at: Date;
};

function formView(row: FormRow): SignupForm {
  return {
    id: row.id,
    programId: row.program_id,
    name: row.name,
    status: row.status,
    definition: row.definition as FormDefinition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function attributeSchemaFor(db: Db, programId: string) {
  const program = await getProgram(db, programId);
  return { program, attributes: program.memberAttributeSchema as Record<string, AttributeDef> };
}

async function validate(db: Db, programId: string, definition: FormDefinition) {
  const { attributes } = await attributeSchemaFor(db, programId);
  checkDefinition(definition, attributes);
  await assertListsExist(db, programId, definition.listIds);
}

export async function createForm(
  db: Db,
  clock: Clock,
  programId: string,
  input: { name: string; definition: FormDefinition },
): Promise<SignupForm> {
  await validate(db, programId, input.definition);
  const now = clock.now();
  const row = await db
    .insertInto('signup_forms')
    .values({
      program_id: programId,
      name: input.name.trim(),
      definition: JSON.stringify(input.definition),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return formView(row);
}

export async function getForm(db: Db, programId: string, formId: string): Promise<SignupForm> {
  const row = await db
    .selectFrom('signup_forms')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', formId)
    .executeTakeFirst();
  if (!row) throw notFound('form', formId);
  return formView(row);
}

/** A form by id alone, for the public endpoints (the id is the form's public address). */
export async function findPublicForm(db: Db, formId: string): Promise<SignupForm | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(formId)) return undefined;
  const row = await db.selectFrom('signup_forms').selectAll().where('id', '=', formId).executeTakeFirst();
  return row && formView(row);
}

export async function listForms(db: Db, programId: string): Promise<SignupForm[]> {
  const rows = await db
    .selectFrom('signup_forms')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(formView);
}

export async function updateForm(
  db: Db,
  clock: Clock,
  programId: string,
  formId: string,
  input: {
    name?: string | undefined;
    definition?: FormDefinition | undefined;
    status?: 'active' | 'archived' | undefined;
  },
): Promise<SignupForm> {
  await getForm(db, programId, formId);
  if (input.definition) await validate(db, programId, input.definition);
  await db
    .updateTable('signup_forms')
    .set({
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.definition ? { definition: JSON.stringify(input.definition) } : {}),
      ...(input.status ? { status: input.status } : {}),
      updated_at: clock.now(),
    })
    .where('program_id', '=', programId)
    .where('id', '=', formId)
    .execute();
  return getForm(db, programId, formId);
}
