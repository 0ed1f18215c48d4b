// Public opt-out endpoints: one-click unsubscribe (/u/:token, RFC 8058 POST), the preference centre
// (/preferences/:token), and the inbound-SMS webhook for STOP / הסר / لغو replies.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { findMemberByIdentity, getMember, normalisePhone, type Member } from '../members/index.ts';
import { suppressAddress } from '../messaging/index.ts';
import { getProgram } from '../programs/index.ts';
import { escape, messagePage, page } from './html.ts';
import { localeFromAcceptLanguage, ui } from './i18n.ts';
import { memberLinks, readMemberToken, type LinkContext } from './links.ts';
import { parseMultipartFields } from '../../platform/http/form-fields.ts';
import { PREFERENCES_FORM, preferencesState, renderPreferencesPage, savePreferences } from './preferences.ts';
import { isStopRequest } from './sms-keywords.ts';
import { withdrawMarketing } from './unsubscribe.ts';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 2000 }) });
const html = (reply: FastifyReply, status: number, body: string) =>
  reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(body);

export async function unsubscribeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx: LinkContext = app.ctx;
  const { db, clock } = app.ctx;
  const pub = { auth: { public: true } };

  /** The member a link belongs to; answers the invalid-link page itself when there is none. */
  async function memberFromToken(
    request: FastifyRequest,
    token: string,
    reply: FastifyReply,
  ): Promise<{ member: Member; programName: string; locale: string } | undefined> {
    const ids = await readMemberToken(ctx, token);
    let member: Member | undefined;
    if (ids) {
      // A deleted member's link leads to the invalid-link page; any other failure is a real error.
      member = await getMember(db, ids.programId, ids.memberId).catch((e: unknown) => {
        if (e instanceof AppError && e.status === 404) return undefined;
        throw e;
      });
    }
    if (!member) {
      const locale = localeFromAcceptLanguage(request.headers['accept-language']);
      const t = ui(locale);
      await html(reply, 400, messagePage(locale, t.unsubscribeTitle, t.linkInvalid));
      return undefined;
    }
    const program = await getProgram(db, member.programId);
    const locale = ['he', 'fa', 'en'].includes(member.locale ?? '') ? member.locale! : program.defaultLocale;
    return { member, programName: program.name, locale };
  }

  app.get(
    '/u/:token',
    { config: pub, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const found = await memberFromToken(request, request.params.token, reply);
      if (!found) return reply;
      const t = ui(found.locale);
      const links = await memberLinks(ctx, found.member.programId, found.member.id);
      return html(
        reply,
        200,
        page({
          locale: found.locale,
          title: t.unsubscribeTitle,
          body:
            `<h1>${escape(t.unsubscribeTitle)}</h1>\n` +
            `<p>${escape(t.unsubscribePrompt(found.programName, found.member.email ?? ''))}</p>\n` +
            `<form method="post" action="${escape(links.unsubscribeUrl)}">` +
            `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit">${escape(t.unsubscribeButton)}</button></form>\n` +
            `<p><a href="${escape(links.preferencesUrl)}">${escape(t.managePreferences)}</a></p>`,
        }),
      );
    },
  );

  void app.register(async (fastify) => {
    const oneClick = fastify.withTypeProvider<TypeBoxTypeProvider>();
    // RFC 8058 lets mailbox providers send the one-click POST as multipart/form-data; its content is fixed
    // ("List-Unsubscribe=One-Click") and the token in the URL is all we need, so the body is skipped — on
    // this route only: every other form's fields are read.
    oneClick.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, {}));
      payload.on('error', done);
    });
    oneClick.post(
      '/u/:token',
      {
        config: pub,
        schema: {
          tags: ['membership'],
          summary:
            'One-click unsubscribe from marketing e-mail (RFC 8058; the URL comes from List-Unsubscribe)',
          params: TokenParams,
        },
      },
      async (request, reply) => {
        const found = await memberFromToken(request, request.params.token, reply);
        if (!found) return reply;
        const t = ui(found.locale);
        await db.transaction().execute((trx) =>
          withdrawMarketing(trx, clock, found.member, ['email'], {
            source: 'unsubscribe',
            locale: found.locale,
            ip: request.ip,
            userAgent: request.headers['user-agent'],
          }),
        );
        const links = await memberLinks(ctx, found.member.programId, found.member.id);
        return html(
          reply,
          200,
          messagePage(
            found.locale,
            t.unsubscribeTitle,
            t.unsubscribed(found.programName),
            `\n<p><a href="${escape(links.preferencesUrl)}">${escape(t.managePreferences)}</a></p>`,
          ),
        );
      },
    );
  });

  app.get(
    '/preferences/:token',
    { config: pub, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const found = await memberFromToken(request, request.params.token, reply);
      if (!found) return reply;
      const links = await memberLinks(ctx, found.member.programId, found.member.id);
      const state = await preferencesState(db, found.member);
      return html(
        reply,
        200,
        renderPreferencesPage({
          locale: found.locale,
          programName: found.programName,
          action: links.preferencesUrl,
          state,
        }),
      );
    },
  );

  void app.register(async (fastify) => {
    const form = fastify.withTypeProvider<TypeBoxTypeProvider>();
    parseMultipartFields(form);
    form.post(
      '/preferences/:token',
      {
        config: pub,
        schema: {
          hide: true,
          params: TokenParams,
          body: Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 100 }), {
            maxProperties: 200,
          }),
        },
      },
      async (request, reply) => {
        const found = await memberFromToken(request, request.params.token, reply);
        if (!found) return reply;
        const links = await memberLinks(ctx, found.member.programId, found.member.id);
        // Unticked boxes send nothing, so an absent field means "withdraw": only a body that was read as the
        // page's own form (it always carries form=preferences) may change consent.
        const body = request.body;
        if (body.form !== PREFERENCES_FORM) {
          throw new AppError(
            'invalid_form',
            400,
            'Send the preference centre form (urlencoded or multipart, with form=preferences)',
          );
        }
        // Checkbox names are dynamic (channel.*, topic.<list id>); anything else is ignored.
        const ticked = (prefix: string) =>
          new Set(
            Object.keys(body)
              .filter((k) => k.startsWith(prefix) && body[k])
              .map((k) => k.slice(prefix.length)),
          );
        await db.transaction().execute((trx) =>
          savePreferences(
            trx,
            clock,
            found.member,
            { channels: ticked('channel.'), topics: ticked('topic.'), all: body.all === 'unsubscribe' },
            {
              programName: found.programName,
              locale: found.locale,
              ip: request.ip,
              userAgent: request.headers['user-agent'],
            },
          ),
        );
        const state = await preferencesState(db, found.member);
        return html(
          reply,
          200,
          renderPreferencesPage({
            locale: found.locale,
            programName: found.programName,
            action: links.preferencesUrl,
            state,
            saved: true,
          }),
        );
      },
    );
  });

  app.post(
    '/webhooks/sms/inbound',
    {
      config: { auth: { permission: 'messaging:inbound' } },
      schema: {
        tags: ['messaging'],
        summary: 'Inbound SMS from your provider: STOP / הסר / لغو withdraws SMS marketing consent at once',
        description:
          'Authenticate with an API key holding "messaging:inbound" (Bearer, or Basic with the key as user name). ' +
          "Accepts JSON { from, text, messageId? } or the provider's own form fields (Twilio: From, Body, MessageSid).",
        body: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 }),
        response: {
          200: Type.Object({
            action: Type.Union([Type.Literal('unsubscribed'), Type.Literal('ignored')]),
            members: Type.Integer({ description: 'Members whose SMS consent was withdrawn' }),
          }),
        },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'api_key')
        throw new AppError('forbidden', 403, 'This webhook takes an API key');
      const programId = principal.programId;
      const body = request.body as Record<string, unknown>;
      const text = [body.text, body.Body, body.message].find((v) => typeof v === 'string') as
        string | undefined;
      const from = [body.from, body.From, body.msisdn].find((v) => typeof v === 'string') as
        string | undefined;
      const messageId = [body.messageId, body.MessageSid, body.id].find((v) => typeof v === 'string') as
        string | undefined;
      if (text === undefined || !from) {
        throw new AppError(
          'invalid_inbound_sms',
          400,
          'Expected the sender (from / From) and the text (text / Body)',
        );
      }
      if (!isStopRequest(text)) return { action: 'ignored' as const, members: 0 };
      const program = await getProgram(db, programId);
      const phone = normalisePhone(from, program.defaultRegion);
      const members = await membersWithPhone(programId, phone);
      await db.transaction().execute(async (trx) => {
        await suppressAddress(trx, clock, {
          programId,
          channel: 'sms',
          address: phone,
          reason: 'unsubscribe',
          source: 'sms_keyword',
        });
        for (const member of members) {
          await withdrawMarketing(trx, clock, member, ['sms'], {
            source: 'sms_keyword',
            sourceRef: messageId ?? null,
            textShown: text,
            ip: request.ip,
          });
        }
      });
      return { action: 'unsubscribed' as const, members: members.length };
    },
  );

  /** Every active member with this phone number (several people can share a family phone). */
  async function membersWithPhone(programId: string, phone: string): Promise<Member[]> {
    try {
      const one = await findMemberByIdentity(db, programId, { phone });
      return one ? [one] : [];
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'member_ambiguous') throw e;
      const ids = (e.details.memberIds as string[] | undefined) ?? [];
      return Promise.all(ids.map((id) => getMember(db, programId, id)));
    }
  }
}
