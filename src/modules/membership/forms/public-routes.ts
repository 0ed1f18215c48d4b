// The public side of signup forms: the hosted page, the embed script, the submit endpoint (HTML form posts
// and JSON from the embed, cross-origin) and the double opt-in confirmation link.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../platform/http/errors.ts';
import { parseMultipartFields } from '../../../platform/http/form-fields.ts';
import { StringEnum } from '../../../platform/http/schemas.ts';
import { CROSS_ORIGIN_RESOURCE, OUTBOUND_FORM_PAGE } from '../../../platform/http/security-headers.ts';
import { getProgram } from '../../programs/index.ts';
import { escape, messagePage, page } from '../html.ts';
import { localeFromAcceptLanguage, ui } from '../i18n.ts';
import { CONFIRM_TTL_HOURS, formTimingToken, type LinkContext } from '../links.ts';
import { submissionLocale } from './fields.ts';
import { embedScript } from './embed.ts';
import { renderFormElement, renderFormPage, type RenderContext } from './render.ts';
import { confirmSignup, inspectConfirmation, type ConfirmationView } from './confirm.ts';
import { activeForm, submitSignup, type Welcome } from './signup.ts';
import type { SignupForm } from './service.ts';
import type { AttributeDef } from './definition.ts';

const FormIdParams = Type.Object({ formId: Type.String({ maxLength: 64 }) });
const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) });
const FormPageQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  ref: Type.Optional(Type.String({ maxLength: 40 })),
});
const TokenParams = Type.Object({ token: Type.String({ maxLength: 2000 }) });
const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);

/** Form endpoints may be called from any site that embeds the form; nothing else gets CORS. */
async function allowAnyOrigin(_request: FastifyRequest, reply: FastifyReply) {
  reply.header('access-control-allow-origin', '*');
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header('access-control-allow-headers', 'content-type, accept, idempotency-key');
  reply.header('access-control-max-age', '86400');
}

export async function publicFormRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  parseMultipartFields(app);
  const ctx: LinkContext = app.ctx;
  const { db, config } = app.ctx;
  const pub = { auth: { public: true } };

  async function renderContext(
    form: SignupForm,
    locale: RenderContext['locale'],
    extra: Pick<RenderContext, 'values' | 'errors' | 'summary' | 'referralCode'> = {},
  ): Promise<RenderContext> {
    const program = await getProgram(db, form.programId);
    return {
      formId: form.id,
      definition: form.definition,
      programName: program.name,
      attributeSchema: program.memberAttributeSchema as Record<string, AttributeDef>,
      locale,
      action: `${config.publicUrl}/f/${form.id}/submit`,
      timingToken: await formTimingToken(ctx, form.id),
      ...extra,
    };
  }

  async function formOrNotFoundPage(formId: string, reply: FastifyReply): Promise<SignupForm | undefined> {
    try {
      return await activeForm(db, formId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'form_not_found') {
        await html(reply, 404, messagePage('he', 'לא נמצא · Not found', e.message));
        return undefined;
      }
      throw e;
    }
  }

  app.get(
    '/f/:formId',
    {
      config: pub,
      helmet: OUTBOUND_FORM_PAGE,
      schema: { hide: true, params: FormIdParams, querystring: FormPageQuery },
    },
    async (request, reply) => {
      const form = await formOrNotFoundPage(request.params.formId, reply);
      if (!form) return reply;
      const locale = submissionLocale(form.definition, request.query.lang);
      const context = await renderContext(form, locale, { referralCode: request.query.ref });
      const rendered = renderFormPage(context, `${config.publicUrl}/f/${form.id}`);
      return html(reply, 200, rendered);
    },
  );

  app.get(
    '/f/:formId/embed.js',
    {
      config: pub,
      helmet: CROSS_ORIGIN_RESOURCE,
      onRequest: allowAnyOrigin,
      schema: { hide: true, params: FormIdParams, querystring: LangQuery },
    },
    async (request, reply) => {
      const form = await activeForm(db, request.params.formId);
      const locale = submissionLocale(form.definition, request.query.lang);
      const context = await renderContext(form, locale);
      const script = embedScript({
        formHtml: renderFormElement(context),
        action: context.action,
        formId: form.id,
      });
      // Never cached: each copy carries a fresh timing token.
      return reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(script);
    },
  );

  app.options(
    '/f/:formId/submit',
    { config: pub, onRequest: allowAnyOrigin, schema: { hide: true, params: FormIdParams } },
    async (_request, reply) => reply.code(204).send(),
  );

  app.post(
    '/f/:formId/submit',
    {
      config: pub,
      // It answers an invalid submission with the form again, whose next post may be sent on elsewhere.
      helmet: OUTBOUND_FORM_PAGE,
      onRequest: allowAnyOrigin,
      schema: {
        tags: ['signup forms'],
        summary: 'Submit a signup form (urlencoded from an HTML form, or JSON); public, CORS-enabled',
        description:
          'Field names are the form fields (email, phone, firstName, lastName, birthday, attributes.<name>), ' +
          'consent.<key>=yes for ticked consent boxes, and the hidden _t, _lang and website (honeypot) fields.',
        params: FormIdParams,
        body: Type.Record(
          Type.String({ maxLength: 100 }),
          Type.Union([Type.String({ maxLength: 5000 }), Type.Boolean(), Type.Number(), Type.Null()]),
          { maxProperties: 60 },
        ),
        response: {
          200: Type.Object({
            status: StringEnum(['subscribed', 'confirmation_sent'] as const),
            message: Type.String(),
            redirectUrl: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (request, reply) => {
      const wantsHtml =
        String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') &&
        !String(request.headers.accept ?? '').includes('application/json');
      const body = request.body as Record<string, unknown>;
      try {
        const result = await submitSignup(ctx, {
          formId: request.params.formId,
          body,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        });
        if (result.spam)
          request.log.info({ formId: request.params.formId, spam: result.spam }, 'signup dropped');
        if (!wantsHtml) {
          return { status: result.status, message: result.message, redirectUrl: result.redirectUrl };
        }
        if (result.redirectUrl) return reply.redirect(result.redirectUrl, 303);
        const t = ui(result.locale);
        const title = result.status === 'subscribed' ? t.thanksTitle : t.thanksPendingTitle;
        return html(
          reply,
          200,
          messagePage(result.locale, title, result.message, welcomeHtml(result.locale, result.welcome)),
        );
      } catch (e) {
        if (!wantsHtml || !(e instanceof AppError)) throw e;
        if (e.code === 'form_not_found') return html(reply, 404, messagePage('he', 'Not found', e.message));
        const form = await activeForm(db, request.params.formId);
        const locale = submissionLocale(form.definition, body._lang);
        if (e.code === 'invalid_submission' || e.code === 'unknown_field') {
          const values = Object.fromEntries(
            Object.entries(body).filter(
              ([k, v]) => typeof v === 'string' && !k.startsWith('_') && k !== 'website',
            ),
          ) as Record<string, string>;
          const context = await renderContext(form, locale, {
            values,
            errors: (e.details.fields as Record<string, string> | undefined) ?? {},
            referralCode: typeof body._ref === 'string' ? body._ref : undefined,
            summary: e.code === 'unknown_field' ? e.message : ui(locale).errorSummary,
          });
          return html(reply, 400, renderFormPage(context, `${config.publicUrl}/f/${form.id}`));
        }
        if (e.status === 429 && e.details.retryAfterSeconds)
          reply.header('retry-after', String(e.details.retryAfterSeconds));
        return html(reply, e.status, messagePage(locale, e.message, e.message));
      }
    },
  );

  /** 410 Gone: says the link ran out (not that it is broken) and links to the form to sign up again. */
  const expiredPage = (view: ConfirmationView) => {
    const t = ui(view.locale);
    const again = view.formId
      ? `\n<p><a href="${escape(`${config.publicUrl}/f/${view.formId}?lang=${view.locale}`)}">${escape(t.signUpAgain)}</a></p>`
      : '';
    return messagePage(view.locale, t.linkExpiredTitle, t.linkExpired(CONFIRM_TTL_HOURS), again);
  };

  app.get(
    '/confirm/:token',
    { config: pub, helmet: OUTBOUND_FORM_PAGE, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const view = await inspectConfirmation(
        ctx,
        request.params.token,
        localeFromAcceptLanguage(request.headers['accept-language']),
      );
      const t = ui(view.locale);
      if (view.state === 'invalid')
        return html(reply, 400, messagePage(view.locale, t.confirmTitle, t.linkInvalid));
      if (view.state === 'expired') return html(reply, 410, expiredPage(view));
      if (view.state === 'done')
        return html(reply, 200, messagePage(view.locale, t.confirmTitle, t.confirmed));
      // A button, not an automatic confirmation: mail scanners open links, only people press buttons.
      const action = `${config.publicUrl}/confirm/${encodeURIComponent(request.params.token)}`;
      return html(
        reply,
        200,
        page({
          locale: view.locale,
          title: t.confirmTitle,
          body:
            `<h1>${escape(t.confirmTitle)}</h1>\n<p>${escape(t.confirmPrompt(view.programName ?? ''))}</p>\n` +
            `<form method="post" action="${escape(action)}"><button type="submit">${escape(t.confirmButton)}</button></form>`,
        }),
      );
    },
  );

  app.post(
    '/confirm/:token',
    { config: pub, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const view = await confirmSignup(ctx, request.params.token, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        fallbackLocale: localeFromAcceptLanguage(request.headers['accept-language']),
      });
      const t = ui(view.locale);
      if (view.state === 'invalid')
        return html(reply, 400, messagePage(view.locale, t.confirmTitle, t.linkInvalid));
      if (view.state === 'expired') return html(reply, 410, expiredPage(view));
      if (view.redirectUrl) return reply.redirect(view.redirectUrl, 303);
      return html(
        reply,
        200,
        messagePage(view.locale, t.confirmTitle, t.confirmed, welcomeHtml(view.locale, view.welcome)),
      );
    },
  );
}

/** After signing up: the points the member holds already (the welcome bonus) and a link to the portal. */
function welcomeHtml(locale: string, welcome: Welcome | undefined): string {
  if (!welcome) return '';
  const t = ui(locale);
  const points = welcome.points
    ? `\n<p>${escape(t.pointsSoFar(new Intl.NumberFormat(locale).format(welcome.points), welcome.points === 1))}</p>`
    : '';
  return `${points}\n<p><a href="${escape(welcome.portalUrl)}">${escape(t.portalLink)}</a></p>`;
}
