// The role × route matrix, generated from the route table: every route, as every role, as API keys with and
// without its permission, across programs, and as partners. The expectation comes from what each route
// declares in config.auth (see src/modules/auth/principal.ts), so a new route is checked the moment it exists;
// a route without a declaration does not even start (plugin.ts says how to add one).
import crypto from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modules } from '../../src/app/modules.ts';
import { permissionCatalogue, ROLES, type Permission } from '../../src/modules/auth/index.ts';
import type { RouteAuth } from '../../src/modules/auth/index.ts';
import type { Role } from '../../src/modules/auth/index.ts';
import { makeApiKey, makeProgram, makeUser, setupTest, type TestContext } from '../harness.ts';
import { PARTNER_CASES } from './partner-cases.ts';

const { permissions: PERMISSIONS, rolePermissions: ROLE_PERMISSIONS } = permissionCatalogue(modules);

let t: TestContext;
let programId: string;
let otherProgramId: string;
type Caller = (options: InjectOptions) => Promise<LightMyRequestResponse>;
const users = new Map<Role, Caller>();
let otherProgramOwner: Caller;
/** A route and what it declared in config.auth. */
interface RouteAuthEntry {
  method: string;
  url: string;
  auth: RouteAuth;
}
let routes: RouteAuthEntry[];

beforeAll(async () => {
  t = await setupTest();
  programId = (await makeProgram(t.db)).id;
  otherProgramId = (await makeProgram(t.db)).id;
  for (const role of ROLES) users.set(role, (await makeUser(t, programId, role)).request);
  otherProgramOwner = (await makeUser(t, otherProgramId, 'owner')).request;
  // The session routes (sign out) would end the sessions the rest of the matrix uses: they go last.
  // The app's one route table (app.routeTable), as each route declared its access (config.auth).
  routes = t.app.routeTable
    .filter((r) => r.method !== 'HEAD' && r.config?.auth)
    .map((r) => ({ method: r.method, url: r.url, auth: r.config!.auth as RouteAuth }))
    .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));
});
afterAll(() => t.close());

/** A request to the route in `program`: path parameters filled, an empty JSON body for writes. */
function requestFor(route: RouteAuthEntry, program: string): InjectOptions {
  const url = route.url
    .replace(':programId', program)
    .replace(/:([A-Za-z]+)/g, (_, name: string) => (/id$/i.test(name) ? crypto.randomUUID() : 'x'))
    .replace('*', 'x');
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
  return { method: route.method as InjectOptions['method'], url, ...(write ? { payload: {} } : {}) };
}

/** Refused by authorisation, as opposed to anything the handler or validation answered. */
function refused(res: LightMyRequestResponse): boolean {
  if (res.statusCode === 401) return true;
  if (res.statusCode !== 403) return false;
  const code = (res.json() as { error?: { code?: string } }).error?.code;
  return code === 'forbidden' || code === 'csrf_failed';
}

const label = (route: RouteAuthEntry) => `${route.method} ${route.url}`;
const inProgram = (route: RouteAuthEntry) => route.url.includes(':programId');

async function expectOutcome(
  route: RouteAuthEntry,
  who: string,
  res: LightMyRequestResponse,
  allowed: boolean,
) {
  expect(res.statusCode, `${label(route)} as ${who}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
  expect(
    refused(res),
    `${label(route)} as ${who} should be ${allowed ? 'allowed' : 'refused'}: ${res.statusCode} ${res.body.slice(0, 200)}`,
  ).toBe(!allowed);
}

// Every route × every role is a few thousand requests, more with each route added: the two sweeps get a time
// limit for that work instead of the default 30 s (which they passed at 24 s on a busy machine).
const SWEEP = { timeout: 180_000 };

describe('role × route matrix', () => {
  it('covers the route table', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const { auth } = route;
      const kinds = [auth.public, auth.signedIn, auth.userRight, auth.permission].filter(Boolean);
      expect(
        kinds.length,
        `${label(route)} declares exactly one of public/signedIn/userRight/permission`,
      ).toBe(1);
      if (auth.permission) expect(PERMISSIONS).toContain(auth.permission);
    }
  });

  it('every role gets exactly what its permissions and partner binding allow', SWEEP, async () => {
    for (const route of routes.filter((r) => r.auth.permission || r.auth.signedIn || r.auth.userRight)) {
      for (const role of ROLES) {
        const res = await users.get(role)!(requestFor(route, programId));
        const { auth } = route;
        const allowed = auth.signedIn
          ? true
          : auth.userRight
            ? false // nobody made by makeUser holds an installation right
            : inProgram(route) &&
              ROLE_PERMISSIONS[role].has(auth.permission!) &&
              (role !== 'partner' || auth.partner === 'scoped');
        await expectOutcome(route, role, res, allowed);
      }
    }
  });

  it(
    'API keys: allowed with the route permission, refused without it, in their own program only',
    SWEEP,
    async () => {
      const apiRoutes = routes.filter((r) => r.auth.permission);
      const keys = new Map<Permission, Caller>();
      const allBut = new Map<Permission, Caller>();
      for (const permission of new Set(apiRoutes.map((r) => r.auth.permission!))) {
        keys.set(permission, (await makeApiKey(t, programId, [permission])).request);
        allBut.set(
          permission,
          (
            await makeApiKey(
              t,
              programId,
              PERMISSIONS.filter((p) => p !== permission),
            )
          ).request,
        );
      }
      const everything = (await makeApiKey(t, otherProgramId, [...PERMISSIONS])).request;
      for (const route of apiRoutes) {
        const permission = route.auth.permission!;
        await expectOutcome(
          route,
          `key with ${permission}`,
          await keys.get(permission)!(requestFor(route, programId)),
          true,
        );
        await expectOutcome(
          route,
          `key without ${permission}`,
          await allBut.get(permission)!(requestFor(route, programId)),
          false,
        );
        if (inProgram(route)) {
          await expectOutcome(
            route,
            'key of another program',
            await everything(requestFor(route, programId)),
            false,
          );
        }
      }
      for (const route of routes.filter((r) => r.auth.signedIn || r.auth.userRight)) {
        await expectOutcome(route, 'API key', await everything(requestFor(route, otherProgramId)), false);
      }
    },
  );

  it("a user's role in one program gives nothing in another", async () => {
    for (const route of routes.filter((r) => r.auth.permission && inProgram(r))) {
      await expectOutcome(
        route,
        'owner of another program',
        await otherProgramOwner(requestFor(route, programId)),
        false,
      );
    }
  });

  it('a store-bound key (a till) reaches only store-scoped routes', async () => {
    const storeKey = (await makeApiKey(t, programId, [...PERMISSIONS], null, 'store-a')).request;
    for (const route of routes.filter((r) => r.auth.permission)) {
      const res = await storeKey(requestFor(route, programId));
      await expectOutcome(route, 'store-bound key', res, route.auth.store === 'scoped');
    }
  });

  it('a partner-bound key reaches only partner-scoped routes, and each of those has a partner case', async () => {
    const partnerKey = (await makeApiKey(t, programId, [...PERMISSIONS], crypto.randomUUID())).request;
    for (const route of routes.filter((r) => r.auth.permission)) {
      const res = await partnerKey(requestFor(route, programId));
      await expectOutcome(route, 'partner-bound key', res, route.auth.partner === 'scoped');
      if (route.auth.partner === 'scoped') {
        expect(
          PARTNER_CASES[label(route)],
          `${label(route)} declares partner: 'scoped'; add a case to PARTNER_CASES in ` +
            'test/security/partner-cases.ts showing that a partner reads and changes only its own data',
        ).toBeDefined();
      }
    }
  });
});
