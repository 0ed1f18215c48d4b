// The invitation link: /r/{code} counts the visit and opens the program's signup form with the code
// attached (?ref=), where the friend joins. A code nobody has, or a program without referrals, gets a page
// saying the invitation is not valid.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { countVisit, displayReferralCode, resolveReferralLink } from './codes.ts';
import { getReferralSettings } from './settings.ts';

const INVALID = `<!doctype html>
<html lang="he" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>הזמנה לא בתוקף · This invitation is not valid</title></head>
<body><h1>ההזמנה הזאת אינה בתוקף</h1><p lang="en" dir="ltr">This invitation is not valid.</p>
<p lang="fa">این دعوت‌نامه معتبر نیست.</p></body></html>`;

export async function referralLinkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.ctx;

  app.get(
    '/r/:code',
    {
      config: { auth: { public: true } },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const link = await resolveReferralLink(db, request.params.code);
      const settings = link ? await getReferralSettings(db, link.program_id) : null;
      if (!link || !settings?.enabled || !settings.formId) {
        return reply.code(404).header('content-type', 'text/html; charset=utf-8').send(INVALID);
      }
      await countVisit(db, link.program_id, link.code);
      const query = new URLSearchParams({ ref: displayReferralCode(link.code) });
      if (request.query.lang) query.set('lang', request.query.lang);
      return reply
        .header('cache-control', 'no-store')
        .redirect(`${config.publicUrl}/f/${settings.formId}?${query}`, 302);
    },
  );
}
