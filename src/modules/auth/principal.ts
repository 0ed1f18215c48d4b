import type { Role } from './tables.ts';
import type { Permission } from './permissions.ts';

/** Who is calling: an admin user with a session, or a server holding an API key. */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      email: string;
      roles: ReadonlyMap<string, Role>;
      /** For programs where the role is partner: the partner it is bound to (null: bound to none yet). */
      partners: ReadonlyMap<string, string | null>;
      csrfToken: string;
      /** Installation-wide: may create programs (POST /api/programs). */
      mayCreatePrograms: boolean;
    }
  | {
      kind: 'api_key';
      keyId: string;
      programId: string;
      permissions: ReadonlySet<Permission>;
      /** Bound to one partner: only partner-scoped routes, filtered by it. */
      partnerId: string | null;
      /** Bound to one store (a till): only store-scoped routes, acting as that store. */
      storeId: string | null;
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
  /**
   * 'scoped': the handler limits what it reads and writes to the caller's partner (see partnerOf). A caller
   * bound to a partner (partner role, partner API key) may use only routes that say so; every other route
   * answers them 403, whatever their permissions.
   */
  partner?: 'scoped';
  /**
   * 'scoped': the handler acts as the caller's store (see storeOf) and refuses to act as another. An API key
   * bound to a store (a till) may use only routes that say so; every other route answers it 403.
   */
  store?: 'scoped';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

/**
 * The partner the caller is bound to in this program, or undefined when the caller sees the whole program.
 * Partner-scoped routes (config.auth.partner = 'scoped') filter every read and check every write with it.
 */
export function partnerOf(principal: Principal | undefined, programId: string): string | undefined {
  if (!principal) return undefined;
  if (principal.kind === 'api_key') return principal.partnerId ?? undefined;
  if (principal.roles.get(programId) !== 'partner') return undefined;
  return principal.partners.get(programId) ?? undefined;
}

/** The store an API key is bound to (a till), or undefined for a caller not bound to one. */
export function storeOf(principal: Principal | undefined): string | undefined {
  if (principal?.kind !== 'api_key') return undefined;
  return principal.storeId ?? undefined;
}

export function principalId(principal: Principal | undefined): string {
  if (!principal) return 'anonymous';
  return principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.keyId}`;
}
