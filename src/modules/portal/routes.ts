// Member portal API. Members are not admin principals: these routes are public to the admin auth plugin and
// check the member session cookie themselves. Writes need the session's CSRF token, like admin writes.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { Locale, StringEnum } from '../../platform/http/schemas.ts';
import { memberPreferences, portalSummary, PortalSummary, updateMemberPreferences } from './summary.ts';
import {
  endPortalSession,
  PORTAL_SESSION_TTL_MS,
  portalProgram,
  portalPrograms,
  portalSessionFromToken,
  requestSignInCode,
  verifySignInCode,
  type PortalSession,
} from './service.ts';

export const MEMBER_COOKIE = 'moadon_member';
const SlugParams = Type.Object({ programSlug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) });
const Contact = {
  email: Type.Optional(Type.String({ maxLength: 254 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
};
const PUBLIC = { auth: { public: true } } as const;
/** Public to the admin auth plugin; the member session is checked before anything else, replays included. */
const MEMBER = { auth: { public: true }, portalMember: true } as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    portalMember?: boolean;
  }
  interface FastifyRequest {
    portalSession?: PortalSession;
  }
}

export async function requireMember(app: FastifyInstance, request: FastifyRequest): Promise<PortalSession> {
  const token = request.cookies[MEMBER_COOKIE];
  const session = token ? await portalSessionFromToken(app.ctx.db, app.ctx.clock, token) : undefined;
  if (!session) throw new AppError('unauthenticated', 401, 'Sign in to the member portal with a code');
  if (request.method !== 'GET' && request.headers['x-csrf-token'] !== session.csrfToken) {
    throw new AppError('csrf_failed', 403, 'Missing or wrong X-CSRF-Token header');
  }
  return session;
}

function setMemberCookie(request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(MEMBER_COOKIE, token, {
    path: '/api/portal',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: PORTAL_SESSION_TTL_MS / 1000,
  });
}

export async function portalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app.ctx;
  const member = (request: FastifyRequest) => request.portalSession!;

  // Before the preHandler phase, where a repeated Idempotency-Key is answered: a replay is the member's own.
  app.addHook('preValidation', async (request) => {
    if (!request.routeOptions.config.portalMember) return;
    const session = await requireMember(app, request);
    request.portalSession = session;
    request.idempotencyScope = `member:${session.programId}:${session.memberId}`;
    request.idempotencyProgram = session.programId;
  });

  app.get(
    '/api/portal/programs',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary: "The clubs whose portals this server hosts, for `/portal` without a club's address",
        description:
          'The portal at `/portal` goes straight to the only club, or lists the clubs when there are several.',
        security: [],
        response: {
          200: Type.Object({
            programs: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
          }),
        },
      },
    },
    async () => ({ programs: await portalPrograms(db) }),
  );

  app.get(
    '/api/portal/programs/:programSlug',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary: "A club's public face for the portal sign-in page",
        security: [],
        params: SlugParams,
        response: {
          200: Type.Object({ slug: Type.String(), name: Type.String(), defaultLocale: Type.String() }),
        },
      },
    },
    async (request) => {
      const program = await portalProgram(db, request.params.programSlug);
      return { slug: program.slug, name: program.name, defaultLocale: program.defaultLocale };
    },
  );

  app.post(
    '/api/portal/:programSlug/otp',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary: 'Send a one-time sign-in code by e-mail or SMS',
        description:
          'The answer is the same whether or not the address belongs to a member. Rate limited per address and per IP.',
        security: [],
        params: SlugParams,
        body: Type.Object({ ...Contact, locale: Type.Optional(Locale) }),
        response: {
          202: Type.Object({
            channel: StringEnum(['email', 'sms'] as const),
            expiresInSeconds: Type.Integer(),
          }),
        },
      },
    },
    async (request, reply) => {
      const sent = await requestSignInCode(db, clock, {
        programSlug: request.params.programSlug,
        ...request.body,
        ip: request.ip,
        publicUrl: config.publicUrl,
      });
      return reply.code(202).send(sent);
    },
  );

  app.post(
    '/api/portal/:programSlug/otp/verify',
    {
      config: PUBLIC,
      schema: {
        tags: ['portal'],
        summary: 'Exchange the code for a member session (cookie)',
        security: [],
        params: SlugParams,
        body: Type.Object({ ...Contact, code: Type.String({ minLength: 4, maxLength: 12 }) }),
        response: { 200: Type.Object({ csrfToken: Type.String() }) },
      },
    },
    async (request, reply) => {
      const session = await verifySignInCode(db, clock, {
        programSlug: request.params.programSlug,
        ...request.body,
      });
      setMemberCookie(request, reply, session.token);
      return { csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/api/portal/me',
    {
      config: MEMBER,
      schema: {
        tags: ['portal'],
        summary: "The signed-in member's club card: balance, pending and expiring points, tier, history",
        response: { 200: PortalSummary },
      },
    },
    async (request) => portalSummary(db, clock, member(request)),
  );

  app.patch(
    '/api/portal/me',
    {
      config: MEMBER,
      schema: {
        tags: ['portal'],
        summary: 'Change language, or give or withdraw marketing consent per channel',
        description:
          'A grant records consent with the wording shown (in `shownLocale`), IP and browser as proof; a withdrawal records the withdrawal and suppresses the address.',
        body: Type.Object(
          {
            locale: Type.Optional(Locale),
            shownLocale: Type.Optional(Locale),
            consents: Type.Optional(
              Type.Array(
                Type.Object({
                  channel: StringEnum(['email', 'sms', 'phone'] as const),
                  granted: Type.Boolean(),
                }),
                { minItems: 1, maxItems: 3 },
              ),
            ),
          },
          { minProperties: 1 },
        ),
        response: { 200: Type.Object({ preferences: Type.Unsafe(memberPreferences) }) },
      },
    },
    async (request) => ({
      preferences: await updateMemberPreferences(db, clock, member(request), request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      }),
    }),
  );

  app.post(
    '/api/portal/logout',
    { config: PUBLIC, schema: { tags: ['portal'], response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = request.cookies[MEMBER_COOKIE];
      if (token) await endPortalSession(db, token);
      reply.clearCookie(MEMBER_COOKIE, { path: '/api/portal' });
      return reply.code(204).send(null);
    },
  );
}
