import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  Channel,
  Draft,
  SenderProfileBody,
  SenderProfileView,
  TemplateBody,
  TemplatePreviewView,
  TemplateView,
  Variants,
} from '../../../contracts/templates.ts';
import { Locale, ProgramParams, Uuid } from '../../../platform/http/schemas.ts';
import { actorOf } from '../../audit/index.ts';
import { previewTemplate, sendTemplateTest } from './render.ts';
import { listServiceTemplates } from './service-send.ts';
import {
  createTemplate,
  deleteTemplate,
  getSenderProfile,
  getTemplate,
  listTemplates,
  updateSenderProfile,
  updateTemplate,
} from './service.ts';

const TemplateParams = Type.Object({ programId: Uuid, templateId: Uuid }, { additionalProperties: false });
const INVALID =
  'A template that does not compile or render, or (Israeli mode) lacks the advertising marking or sender ' +
  'identity, is refused with 400 template_invalid; details.problems lists each with its locale, field and line.';

export async function templateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const tags = ['templates'];

  app.get(
    '/api/programs/:programId/templates',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags,
        summary: 'Message templates, last changed first',
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(TemplateView) }) },
      },
    },
    async (request) => ({ items: await listTemplates(db, request.params.programId) }),
  );

  app.post(
    '/api/programs/:programId/templates',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags,
        summary: 'Create a template (checked: compiles, renders, Israeli marking)',
        description: INVALID,
        params: ProgramParams,
        body: TemplateBody,
        response: { 201: TemplateView },
      },
    },
    async (request, reply) => {
      const { programId } = request.params;
      const created = await db
        .transaction()
        .execute((trx) => createTemplate(trx, clock, actorOf(request), programId, request.body));
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/programs/:programId/templates/preview',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags,
        summary: 'Render an unsaved template for the sample member or a real one, with its problems',
        description:
          'Always 200: problems (the same a save would refuse) are listed, and subject/html/text are null when ' +
          'the chosen variant cannot be rendered. `locale` in the answer is the variant shown (fallback).',
        params: ProgramParams,
        body: Type.Object(
          {
            channel: Channel,
            ...Draft,
            name: Type.Optional(Draft.name),
            locale: Locale,
            memberId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: {
          200: TemplatePreviewView,
        },
      },
    },
    async (request) => {
      const { locale, memberId, ...draft } = request.body;
      return previewTemplate(app.ctx, request.params.programId, { draft, locale, memberId });
    },
  );

  app.get(
    '/api/programs/:programId/templates/service',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags,
        summary:
          'The service messages Moadon sends (double opt-in, sign-in codes) and the template each is sent from',
        description:
          'Each key is sent from the program’s template saved under it (templateId), else from the built-in ' +
          'he/fa/en default shown here. Save a template with the key (channel as given, purpose service, using ' +
          'the variables in requires) to edit it; delete it to go back to the default.',
        params: ProgramParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                key: Type.String(),
                channel: Channel,
                kind: Type.String({ description: 'The kind recorded on the messages it sends' }),
                name: Type.Object({ he: Type.String(), fa: Type.String(), en: Type.String() }),
                requires: Type.Array(Type.String()),
                templateId: Type.Union([Uuid, Type.Null()]),
                defaultLocale: Locale,
                variants: Variants,
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await listServiceTemplates(db, request.params.programId) }),
  );

  app.get(
    '/api/programs/:programId/templates/:templateId',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: { tags, params: TemplateParams, response: { 200: TemplateView } },
    },
    async (request) => getTemplate(db, request.params.programId, request.params.templateId),
  );

  app.put(
    '/api/programs/:programId/templates/:templateId',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags,
        summary: 'Replace a template’s name, purpose, default locale and variants (key and channel stay)',
        description: INVALID,
        params: TemplateParams,
        body: Type.Object(Draft, { additionalProperties: false }),
        response: { 200: TemplateView },
      },
    },
    async (request) => {
      const { programId, templateId } = request.params;
      return db
        .transaction()
        .execute((trx) => updateTemplate(trx, clock, actorOf(request), programId, templateId, request.body));
    },
  );

  app.delete(
    '/api/programs/:programId/templates/:templateId',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: { tags, summary: 'Delete a template', params: TemplateParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const { programId, templateId } = request.params;
      await db
        .transaction()
        .execute((trx) => deleteTemplate(trx, clock, actorOf(request), programId, templateId));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/programs/:programId/templates/:templateId/test-send',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags,
        summary: 'Send a saved template to one address, as the sample member or a real one',
        description:
          'Goes through the normal send path (kind template_test): the outbox without SMTP_URL. Its links are ' +
          'harmless preview links, never a member’s real unsubscribe link.',
        params: TemplateParams,
        body: Type.Object(
          {
            to: Type.String({ minLength: 3, maxLength: 320 }),
            locale: Locale,
            memberId: Type.Optional(Uuid),
          },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ messageId: Uuid, status: Type.String(), locale: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { programId, templateId } = request.params;
      const message = await db
        .transaction()
        .execute((trx) => sendTemplateTest({ db: trx, clock, config }, programId, templateId, request.body));
      return reply
        .code(202)
        .send({ messageId: message.id, status: message.status, locale: message.locale ?? '' });
    },
  );

  app.get(
    '/api/programs/:programId/sender-profile',
    {
      config: { auth: { permission: 'messaging:read' } },
      schema: {
        tags,
        summary: 'The sender details every marketing message’s footer carries, and Israeli mode',
        params: ProgramParams,
        response: { 200: SenderProfileView },
      },
    },
    async (request) => getSenderProfile(db, request.params.programId),
  );

  app.put(
    '/api/programs/:programId/sender-profile',
    {
      config: { auth: { permission: 'messaging:write' } },
      schema: {
        tags,
        summary: 'Set the sender details (business name, address, contacts) and Israeli mode',
        params: ProgramParams,
        body: SenderProfileBody,
        response: { 200: SenderProfileView },
      },
    },
    async (request) => {
      const { programId } = request.params;
      return db
        .transaction()
        .execute((trx) => updateSenderProfile(trx, clock, actorOf(request), programId, request.body));
    },
  );
}
