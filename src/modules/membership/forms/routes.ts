// Admin API for signup forms: definitions, and a preview of an unsaved draft for the admin's form builder.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IsoDateTime, Locale, ProgramParams, StringEnum, Uuid } from '../../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../../audit/index.ts';
import { getProgram } from '../../programs/index.ts';
import { FormDefinitionSchema, type AttributeDef } from './definition.ts';
import { renderFormPage } from './render.ts';
import { createForm, getForm, listForms, updateForm, type SignupForm } from './service.ts';

const FormView = Type.Object({
  id: Uuid,
  name: Type.String(),
  status: StringEnum(['active', 'archived'] as const),
  definition: FormDefinitionSchema,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  urls: Type.Object({
    hosted: Type.String({ description: 'The hosted page' }),
    embedScript: Type.String(),
    embedSnippet: Type.String({ description: 'Paste into any web page' }),
    submit: Type.String({ description: 'POST target for a plain HTML <form> (urlencoded) or JSON' }),
  }),
});
const FormParams = Type.Object({ programId: Uuid, formId: Uuid });
const Name = Type.String({ minLength: 1, maxLength: 200 });

export async function formRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const tags = ['signup forms'];
  const view = (form: SignupForm) => {
    const base = `${config.publicUrl}/f/${form.id}`;
    return {
      ...form,
      urls: {
        hosted: base,
        embedScript: `${base}/embed.js`,
        embedSnippet: `<script src="${base}/embed.js" async></script>`,
        submit: `${base}/submit`,
      },
    };
  };

  app.get(
    '/api/programs/:programId/forms',
    {
      config: { auth: { permission: 'membership:read' } },
      schema: {
        tags,
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(FormView) }) },
      },
    },
    async (request) => ({ items: (await listForms(db, request.params.programId)).map(view) }),
  );

  app.post(
    '/api/programs/:programId/forms',
    {
      config: { auth: { permission: 'membership:write' } },
      schema: {
        tags,
        summary: 'Create a signup form',
        params: ProgramParams,
        body: Type.Object({ name: Name, definition: FormDefinitionSchema }),
        response: { 201: FormView },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const form = await db.transaction().execute(async (trx) => {
        const created = await createForm(trx, clock, programId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'form.created',
          entityType: 'signup_form',
          entityId: created.id,
          after: created,
        });
        return created;
      });
      return reply.code(201).send(view(form));
    },
  );

  app.get(
    '/api/programs/:programId/forms/:formId',
    {
      config: { auth: { permission: 'membership:read' } },
      schema: { tags, params: FormParams, response: { 200: FormView } },
    },
    async (request) => view(await getForm(db, request.params.programId, request.params.formId)),
  );

  app.patch(
    '/api/programs/:programId/forms/:formId',
    {
      config: { auth: { permission: 'membership:write' } },
      schema: {
        tags,
        summary: 'Rename, replace the definition, or archive/reopen a form',
        params: FormParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            definition: Type.Optional(FormDefinitionSchema),
            status: Type.Optional(StringEnum(['active', 'archived'] as const)),
          },
          { minProperties: 1 },
        ),
        response: { 200: FormView },
      },
    },
    async (request) => {
      const { programId, formId } = request.params;
      return db.transaction().execute(async (trx) => {
        const before = await getForm(trx, programId, formId);
        const after = await updateForm(trx, clock, programId, formId, request.body);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'form.updated',
          entityType: 'signup_form',
          entityId: formId,
          before,
          after,
        });
        return view(after);
      });
    },
  );

  app.post(
    '/api/programs/:programId/forms/preview',
    {
      config: { auth: { permission: 'membership:read' } },
      schema: {
        tags,
        summary: 'Render a draft form as its hosted page would (nothing is saved)',
        description:
          'The HTML of the hosted page for an unsaved definition, for a live preview. Only the shape is ' +
          'checked (not e.g. that lists exist), so half-finished drafts still preview.',
        params: ProgramParams,
        body: Type.Object({ definition: FormDefinitionSchema, locale: Type.Optional(Locale) }),
        response: { 200: Type.Object({ html: Type.String(), locale: Locale }) },
      },
    },
    async (request) => {
      const { definition } = request.body;
      const program = await getProgram(db, request.params.programId);
      const wanted = request.body.locale;
      const locale = wanted && definition.locales.includes(wanted) ? wanted : definition.locales[0]!;
      const html = renderFormPage(
        {
          formId: 'preview',
          definition,
          programName: program.name,
          attributeSchema: program.memberAttributeSchema as Record<string, AttributeDef>,
          locale,
          action: '#',
          timingToken: '',
        },
        '#',
      );
      return { html, locale };
    },
  );
}
