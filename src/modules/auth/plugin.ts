// Authentication and authorisation for every route. A route states what it needs in `config.auth`;
// a route under /api or /v1 that states nothing fails at start-up, so no route is left open by mistake.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../platform/http/errors.ts';
import type { PermissionCatalogue } from './permissions.ts';
import { permissionCatalogue } from './permissions.ts';
import { principalId, type Principal } from './principal.ts';
import { SESSION_COOKIE, principalFromApiKey, principalFromSession } from './service.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function credentials(request: FastifyRequest): { apiKey?: string; session?: string } {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { apiKey: header.slice(7).trim() };
  if (header?.startsWith('Basic ')) {
    // Segment-style: the write key is the user name, the password is empty.
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    return { apiKey: decoded.split(':')[0] ?? '' };
  }
  const session = request.cookies?.[SESSION_COOKIE];
  return session ? { session } : {};
}

export async function authenticate(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<Principal | undefined> {
  const { apiKey, session } = credentials(request);
  if (apiKey) return principalFromApiKey(app.ctx.db, app.ctx.clock, apiKey);
  if (session) return principalFromSession(app.ctx.db, app.ctx.clock, session);
  return undefined;
}

export function authorize(
  principal: Principal,
  request: FastifyRequest,
  roleMap: PermissionCatalogue['rolePermissions'],
): void {
  const auth = request.routeOptions.config.auth ?? {};
  const programId = (request.params as Record<string, string> | undefined)?.programId;
  if (auth.signedIn || auth.userRight) {
    if (principal.kind !== 'user')
      throw new AppError('forbidden', 403, 'This endpoint is for signed-in admin users');
    if (auth.userRight === 'programs:create' && !principal.mayCreatePrograms) {
      throw new AppError('forbidden', 403, 'You may not create programs; ask the installation owner', {
        right: auth.userRight,
      });
    }
    return;
  }
  const permission = auth.permission;
  if (!permission) throw new AppError('forbidden', 403, 'Not allowed');
  if (principal.kind === 'api_key') {
    if (programId !== undefined && programId !== principal.programId) {
      throw new AppError('forbidden', 403, 'This API key belongs to another program');
    }
    if (!principal.permissions.has(permission)) {
      throw new AppError('forbidden', 403, `This API key lacks the "${permission}" permission`, {
        permission,
      });
    }
    if (principal.partnerId && auth.partner !== 'scoped') {
      throw new AppError('forbidden', 403, 'This API key is bound to a partner; this endpoint is not', {
        partnerId: principal.partnerId,
      });
    }
    if (principal.storeId && auth.store !== 'scoped') {
      throw new AppError(
        'forbidden',
        403,
        'This API key is bound to a store (a till); this endpoint is not',
        {
          storeId: principal.storeId,
        },
      );
    }
    return;
  }
  if (programId === undefined || !UUID.test(programId)) {
    throw new AppError('forbidden', 403, 'This endpoint needs an API key');
  }
  const role = principal.roles.get(programId);
  if (!role) throw new AppError('forbidden', 403, 'You have no role in this program', { programId });
  if (!roleMap[role].has(permission)) {
    throw new AppError('forbidden', 403, `The ${role} role may not do this (needs "${permission}")`, {
      role,
      permission,
    });
  }
  if (role === 'partner') {
    if (auth.partner !== 'scoped') {
      throw new AppError('forbidden', 403, 'The partner role may use only partner endpoints', { role });
    }
    if (!principal.partners.get(programId)) {
      throw new AppError('forbidden', 403, 'Your partner role is not bound to a partner yet', { role });
    }
  }
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  // Built from every module's definesPermissions; refuses to start on a permission no module defines.
  const { rolePermissions } = permissionCatalogue(app.ctx.modules);
  app.addHook('onRoute', (route) => {
    const guarded = route.url.startsWith('/api/') || route.url.startsWith('/v1/');
    const auth = route.config?.auth;
    if (guarded && !auth) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} does not declare config.auth. Add ` +
          `config: { auth: { permission: '<a permission a module defines (definesPermissions)>' } } ` +
          `(or { signedIn: true } / { public: true }); add partner: 'scoped' only if the handler filters by ` +
          `partnerOf(). The role × route matrix (test/security/role-matrix.test.ts) then checks it for every role.`,
      );
    }
  });

  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!auth || auth.public) return;
    const principal = await authenticate(app, request);
    if (!principal)
      throw new AppError('unauthenticated', 401, 'Sign in or send an API key (Authorization: Bearer …)');
    request.principal = principal;
    request.callerId = principalId(principal);
    // An API key acts in its own program, whatever the URL (the /v1 routes name none).
    if (principal.kind === 'api_key') request.idempotencyProgram = principal.programId;
    authorize(principal, request, rolePermissions);
    if (principal.kind === 'user' && !SAFE_METHODS.has(request.method)) {
      // Cookie-authenticated writes must echo the session's CSRF token, which another site cannot read.
      if (request.headers['x-csrf-token'] !== principal.csrfToken) {
        throw new AppError(
          'csrf_failed',
          403,
          'Missing or wrong X-CSRF-Token header for a cookie-authenticated write',
        );
      }
    }
  });
});
