import type { Role } from '../../platform/db/platform-tables.ts';
import type { Permission } from './permissions.ts';

/** Who is calling: an admin user with a session, or a server holding an API key. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      email: string;
      roles: ReadonlyMap<string, Role>;
      csrfToken: string;
      /** Installation-wide: may create programs (POST /api/programs). */
      mayCreatePrograms: boolean;
    }
  | {
      kind: 'api_key';
      keyId: string;
      programId: string;
      permissions: ReadonlySet<Permission>;
    };

export interface RouteAuth {
  /** The permission a route needs; for routes under /api/programs/:programId it is checked in that program. */
  permission?: Permission;
  /** Any signed-in admin user (e.g. /api/auth/session). */
  signedIn?: boolean;
  /** A signed-in admin user holding this installation-wide right (not tied to a program). */
  userRight?: 'programs:create';
  /** No authentication (login, health, public forms). */
  public?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

export function principalId(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.keyId}`;
}
