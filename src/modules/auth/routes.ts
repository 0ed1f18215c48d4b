import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { afterCommit } from '../../platform/db/request-transaction.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IsoDateTime, ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { actorOf, recordAudit } from '../audit/index.ts';
import { getSigningSecret } from '../../platform/secret.ts';
import { DEVICE_COOKIE, DEVICE_TTL_MS, deviceToken, readDeviceToken } from './devices.ts';
import { permissionCatalogue, ROLES } from './permissions.ts';
import {
  SESSION_COOKIE,
  SESSION_TTL_MS,
  createAdminUser,
  createApiKey,
  grantRole,
  listApiKeys,
  login,
  logout,
  revokeApiKey,
  forgetCachedApiKeys,
} from './service.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });
const RoleSchema = StringEnum(ROLES);

const SessionView = Type.Object({
  user: Type.Object({ id: Uuid, email: Type.String(), name: Type.String(), locale: Type.String() }),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on cookie-authenticated writes' }),
  programs: Type.Array(Type.Object({ id: Uuid, name: Type.String(), role: RoleSchema })),
  permissions: Type.Array(
    Type.Object({
      name: Type.String(),
      summary: Type.String(),
      module: Type.String(),
      roles: Type.Array(RoleSchema),
    }),
    { description: 'The role map: every permission, its module and the roles that hold it (owner included)' },
  ),
});

const ApiKeyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  permissions: Type.Array(Type.String()),
  partnerId: Type.Union([Uuid, Type.Null()]),
  storeId: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  lastUsedAt: Type.Union([IsoDateTime, Type.Null()]),
  revokedAt: Type.Union([IsoDateTime, Type.Null()]),
});

const ProgramUser = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  partnerId: Type.Union([Uuid, Type.Null()]),
});

/** A partner user or key must name its partner; nobody else may. */
function checkPartnerBinding(role: string | undefined, partnerId: string | undefined) {
  if (role === 'partner' && !partnerId) {
    throw new AppError('partner_required', 400, 'The partner role needs partnerId: the partner it acts for');
  }
  if (role !== 'partner' && partnerId) {
    throw new AppError('partner_not_allowed', 400, 'Only the partner role is bound to a partner');
  }
}

async function sessionView(app: FastifyInstance, userId: string, csrfToken: string) {
  const { db } = app.ctx;
  const user = await db
    .selectFrom('admin_users')
    .select(['id', 'email', 'name', 'locale'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const programs = await db
    .selectFrom('program_roles')
    .innerJoin('programs', 'programs.id', 'program_roles.program_id')
    .select(['programs.id', 'programs.name', 'program_roles.role'])
    .where('program_roles.admin_user_id', '=', userId)
    .orderBy('programs.name')
    .execute();
  return { user, csrfToken, programs, permissions: [...permissionCatalogue(app.ctx.modules).grants] };
}

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock } = app.ctx;
  const PermissionSchema = StringEnum(permissionCatalogue(app.ctx.modules).permissions);

  app.post(
    '/api/auth/login',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        security: [],
        body: Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }),
        response: { 200: SessionView },
      },
    },
    async (request, reply) => {
      const secret = await getSigningSecret(db, app.ctx.config.secret);
      const device = readDeviceToken(secret, request.cookies[DEVICE_COOKIE], clock.now());
      const session = await login(db, clock, { ...request.body, ip: request.ip, device });
      const secure = request.protocol === 'https';
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: SESSION_TTL_MS / 1000,
      });
      if (!session.knownDevice) {
        reply.setCookie(DEVICE_COOKIE, deviceToken(secret, session.user.id, clock.now()), {
          path: '/api/auth',
          httpOnly: true,
          sameSite: 'strict',
          secure,
          maxAge: DEVICE_TTL_MS / 1000,
        });
      }
      return sessionView(app, session.user.id, session.csrfToken);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { auth: { signedIn: true } }, schema: { tags: ['auth'], response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: { auth: { signedIn: true } },
      schema: { tags: ['auth'], summary: 'Who am I', response: { 200: SessionView } },
    },
    async (request) => {
      const p = request.principal;
      if (p?.kind !== 'user') throw new AppError('forbidden', 403, 'Not a user session');
      return sessionView(app, p.userId, p.csrfToken);
    },
  );

  app.get(
    '/api/programs/:programId/api-keys',
    {
      config: { auth: { permission: 'apikeys:manage' } },
      schema: {
        tags: ['auth'],
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }) },
      },
    },
    async (request) => ({ items: await listApiKeys(db, request.params.programId) }),
  );

  app.post(
    '/api/programs/:programId/api-keys',
    {
      config: { auth: { permission: 'apikeys:manage' } },
      schema: {
        tags: ['auth'],
        summary: 'Create an API key; the key is shown only in this response',
        params: ProgramParams,
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          permissions: Type.Array(PermissionSchema, { minItems: 1, uniqueItems: true }),
          partnerId: Type.Optional(
            Type.Union([Uuid, Type.Null()], {
              description: 'Bind the key to this partner: only partner endpoints, only its purchases',
            }),
          ),
          storeId: Type.Optional(
            Type.Union([Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), Type.Null()], {
              description:
                'Bind the key to this store (a till): only the till endpoints, acting as this store; a coupon ' +
                'restricted to other stores is refused with wrong_store',
              examples: ['dizengoff'],
            }),
          ),
        }),
        response: { 201: Type.Object({ ...ApiKeyView.properties, key: Type.String() }) },
      },
    },
    async (request, reply) => {
      const p = request.principal;
      const created = await db.transaction().execute(async (trx) => {
        const key = await createApiKey(trx, {
          programId: request.params.programId,
          name: request.body.name,
          permissions: request.body.permissions,
          partnerId: request.body.partnerId ?? null,
          storeId: request.body.storeId?.trim() ?? null,
          createdBy: p?.kind === 'user' ? p.userId : null,
        });
        const { key: _secret, ...withoutSecret } = key;
        await recordAudit(trx, clock, actorOf(request), {
          programId: request.params.programId,
          action: 'api_key.created',
          entityType: 'api_key',
          entityId: key.id,
          after: withoutSecret,
        });
        return key;
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/programs/:programId/api-keys/:keyId',
    {
      config: { auth: { permission: 'apikeys:manage' } },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API key',
        params: Type.Object({ programId: Uuid, keyId: Uuid }),
        response: { 200: ApiKeyView },
      },
    },
    async (request) => {
      const revoked = await db.transaction().execute(async (trx) => {
        const revoked = await revokeApiKey(trx, clock, request.params.programId, request.params.keyId);
        await recordAudit(trx, clock, actorOf(request), {
          programId: request.params.programId,
          action: 'api_key.revoked',
          entityType: 'api_key',
          entityId: revoked.id,
          after: revoked,
        });
        return revoked;
      });
      // Once the revocation is visible to every reader: a lookup racing it cannot cache the live key again.
      afterCommit(forgetCachedApiKeys);
      return revoked;
    },
  );

  app.get(
    '/api/programs/:programId/users',
    {
      config: { auth: { permission: 'users:manage' } },
      schema: {
        tags: ['auth'],
        params: ProgramParams,
        response: { 200: Type.Object({ items: Type.Array(ProgramUser) }) },
      },
    },
    async (request) => {
      const items = await db
        .selectFrom('program_roles')
        .innerJoin('admin_users', 'admin_users.id', 'program_roles.admin_user_id')
        .select([
          'admin_users.id',
          'admin_users.email',
          'admin_users.name',
          'program_roles.role',
          'program_roles.partner_id as partnerId',
        ])
        .where('program_roles.program_id', '=', request.params.programId)
        .orderBy('admin_users.email')
        .execute();
      return { items };
    },
  );

  app.put(
    '/api/programs/:programId/users',
    {
      config: { auth: { permission: 'users:manage' } },
      schema: {
        tags: ['auth'],
        summary: 'Give a user a role in this program, creating the user when new (password required then)',
        params: ProgramParams,
        body: Type.Object({
          email: Email,
          role: RoleSchema,
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          password: Type.Optional(Type.String({ minLength: 10, maxLength: 1024 })),
          partnerId: Type.Optional(
            Type.String({
              format: 'uuid',
              description: 'Required for the partner role: the partner it acts for',
            }),
          ),
        }),
        response: { 200: ProgramUser },
      },
    },
    async (request) => {
      const { programId } = request.params;
      const { email, role, name, password, partnerId } = request.body;
      checkPartnerBinding(role, partnerId);
      return db.transaction().execute(async (trx) => {
        let user = await trx
          .selectFrom('admin_users')
          .select(['id', 'email', 'name'])
          .where(sql`lower(email)`, '=', email.toLowerCase())
          .executeTakeFirst();
        if (!user) {
          if (!password) {
            throw new AppError(
              'password_required',
              400,
              'A new user needs an initial password (min. 10 characters)',
            );
          }
          user = await createAdminUser(trx, { email, name: name ?? email, password });
        }
        const before = await trx
          .selectFrom('program_roles')
          .select(['role', 'partner_id'])
          .where('program_id', '=', programId)
          .where('admin_user_id', '=', user.id)
          .executeTakeFirst();
        await grantRole(trx, programId, user.id, role, partnerId ?? null);
        await recordAudit(trx, clock, actorOf(request), {
          programId,
          action: 'user.role_granted',
          entityType: 'admin_user',
          entityId: user.id,
          before: before ?? null,
          after: { role, partner_id: partnerId ?? null },
        });
        return { id: user.id, email: user.email, name: user.name, role, partnerId: partnerId ?? null };
      });
    },
  );
}
