// End-to-end harness: the real HTTP server on a free port (database from the shared test setup), the web
// apps freshly built, and Debian's Chromium driven by playwright-core. Never downloads a browser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { createAdminUser, grantRole } from '../../src/modules/auth/index.ts';
import { buildClubApp } from '../../src/app/index.ts';
import { openTestDatabase, uniqueSlug } from '../harness.ts';
import { deliverableMessage } from '../../src/modules/messaging/index.ts';
import { createProgram, type Program } from '../../src/modules/programs/index.ts';
import type { Clock } from '../../src/platform/clock.ts';
import type { Db } from '../../src/platform/db/database.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here. Without Chromium they are skipped, except in CI where that fails. */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  const message = `${CHROMIUM_PATH} is missing: install it with "apt-get install -y chromium fonts-noto-core"`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`Skipping browser tests: ${message}`);
  return false;
}

let built: Promise<unknown> | undefined;
/** Builds web/dist from the current sources once per test process. */
export function buildWeb(): Promise<unknown> {
  built ??= build({ configFile: path.resolve('web/vite.config.ts'), logLevel: 'warn' });
  return built;
}

export interface E2eServer {
  url: string;
  db: Db;
  program: Program;
  owner: { email: string; password: string };
  close(): Promise<void>;
}

/** The server on a free port; `clock` (default the system's) lets a test move time, e.g. to drive a worker. */
export async function startServer(options: { clock?: Clock } = {}): Promise<E2eServer> {
  await buildWeb();
  const database = await openTestDatabase();
  const app = await buildClubApp({
    db: database.db,
    config: { publicUrl: 'http://127.0.0.1' },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  app.ctx.config.publicUrl = url;
  const program = await createProgram(database.db, {
    slug: uniqueSlug('e2e'),
    name: 'Café Yafo club',
    currency: 'ILS',
    timeZone: 'Asia/Jerusalem',
  });
  const owner = { email: `owner-${program.slug}@example.com`, password: 'correct horse battery' };
  const user = await createAdminUser(database.db, {
    email: owner.email,
    name: 'Dana Owner',
    password: owner.password,
  });
  await grantRole(database.db, program.id, user.id, 'owner');
  return {
    url,
    db: database.db,
    program,
    owner,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export async function launchBrowser(): Promise<{
  context: BrowserContext;
  /** What the Content-Security-Policy blocked on any page, as Chromium reported it. */
  cspViolations: string[];
  close(): Promise<void>;
}> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 860 },
  });
  const cspViolations: string[] = [];
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text()))
        cspViolations.push(`${page.url()}: ${message.text()}`);
    });
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    cspViolations,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
      // Every browser test doubles as a check that the security headers (security-headers.ts) break nothing.
      if (cspViolations.length) throw new Error(`Blocked by the CSP:\n${cspViolations.join('\n')}`);
    },
  };
}

/**
 * A sentence as the app shows it in Hebrew or Persian: translate() puts every text argument of a message in its
 * own first-strong isolate (U+2068 … U+2069), so a test compares the visible text with the marks where they are:
 * isolated`כפי שזוהה: ${'Windows-1255'}` is 'כפי שזוהה: \u2068Windows-1255\u2069'.
 */
export function isolated(strings: TemplateStringsArray, ...args: (string | number)[]): string {
  return strings.reduce(
    (text, part, i) => text + part + (i < args.length ? `\u2068${args[i]}\u2069` : ''),
    '',
  );
}

/** Saves a screenshot into MOADON_SCREENSHOTS (docs/screenshots for `npm run screenshots`) or test-results. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = path.resolve(process.env.MOADON_SCREENSHOTS ?? 'test-results/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/** Signs in to the admin app in the given language (as the owner, or as `user`). */
export async function signIn(
  page: Page,
  server: E2eServer,
  locale: 'en' | 'he' | 'fa',
  user: { email: string; password: string } = server.owner,
) {
  await page.context().clearCookies();
  await page.goto(server.url + '/');
  await page.evaluate(
    (l) => localStorage.setItem('moadon.admin.prefs', JSON.stringify({ locale: l })),
    locale,
  );
  await page.reload();
  await page.locator('input[name=email]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
  await page.locator('main#main h1').waitFor();
}

/**
 * The server and the browser for one describe block: started before its tests (then `prepare` runs, e.g. to
 * seed data), closed after them.
 */
export function useE2e<T = void>(
  prepare?: (server: E2eServer) => Promise<T>,
  options: { clock?: Clock } = {},
) {
  const state = {} as { server: E2eServer; browser: Awaited<ReturnType<typeof launchBrowser>>; prepared: T };
  beforeAll(async () => {
    state.server = await startServer(options);
    state.prepared = (await prepare?.(state.server)) as T;
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    try {
      await state.browser?.close();
    } finally {
      await state.server?.close();
    }
  });
  return state;
}

/**
 * Signs a member in to the portal in the given language, reading the one-time code from the message sent, and
 * waits for the element with test id `ready` (the balance by default).
 */
export async function portalSignIn(
  page: Page,
  server: E2eServer,
  email: string,
  locale: string,
  ready = 'portal-balance',
) {
  await page.context().clearCookies();
  await page.goto(`${server.url}/portal/${server.program.slug}`);
  await page.evaluate(
    (l) => localStorage.setItem('moadon.portal.prefs', JSON.stringify({ locale: l })),
    locale,
  );
  await page.reload();
  await page.locator('input[name=email]').fill(email);
  await page.locator('button[type=submit]').click();
  await page.locator('input[name=code]').waitFor();
  const message = await server.db
    .selectFrom('messages')
    .select('id')
    .where('to_address', '=', email)
    .where('kind', '=', 'portal_otp')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  await page
    .locator('input[name=code]')
    .fill(/\b(\d{6})\b/.exec((await deliverableMessage(server.db, message.id)).text)![1]!);
  await page.locator('button[type=submit]').click();
  await page.getByTestId(ready).waitFor();
}
