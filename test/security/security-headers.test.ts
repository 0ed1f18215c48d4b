// One header policy on every response (src/platform/http/security-headers.ts): the server-rendered pages a
// member opens from an e-mail (/u/…, /preferences/…, /confirm/…), hosted forms, /docs, the web apps, the API's
// JSON and its errors. None of them may be framed; only the embeddable form script may be loaded cross-origin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClubApp } from '../../src/app/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createMember } from '../../src/modules/members/index.ts';
import { createForm } from '../../src/modules/membership/forms/service.ts';
import { memberLinks } from '../../src/modules/membership/index.ts';
import { confirmUrl } from '../../src/modules/membership/links.ts';
import { makeProgram, setupTest, type TestContext } from '../harness.ts';

let t: TestContext;
let dist: string;
let web: Awaited<ReturnType<typeof buildClubApp>>;
beforeAll(async () => {
  t = await setupTest();
  // The web apps as built (a stand-in dist, so that the test does not depend on `npm run build:web`).
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'moadon-dist-'));
  fs.mkdirSync(path.join(dist, 'portal'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<html>admin</html>');
  fs.writeFileSync(path.join(dist, 'portal', 'index.html'), '<html>portal</html>');
  web = await buildClubApp({
    db: t.db,
    clock: t.clock,
    config: { publicUrl: 'http://moadon.test' },
    webDist: dist,
  });
  await web.ready();
});
afterAll(async () => {
  await web.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const local = (url: string) => url.replace('http://moadon.test', '');

function directives(res: LightMyRequestResponse): Map<string, string> {
  const header = res.headers['content-security-policy'];
  expect(header, `${res.statusCode} ${res.body.slice(0, 200)}`).toBeTypeOf('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

/** The headers every response carries, whatever it is. */
function expectPolicy(res: LightMyRequestResponse, what: string) {
  const csp = directives(res);
  expect(csp.get('frame-ancestors'), what).toBe("'none'");
  expect(csp.get('default-src'), what).toBe("'self'");
  expect(csp.get('script-src'), what).toBe("'self'");
  expect(csp.get('object-src'), what).toBe("'none'");
  expect(csp.get('base-uri'), what).toBe("'self'");
  expect(res.headers['x-frame-options'], what).toBe('DENY');
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  return csp;
}

async function club() {
  const program = await makeProgram(t.db, { name: 'קפה שלום' });
  const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, {
    email: `headers-${Math.random().toString(36).slice(2)}@example.com`,
    locale: 'he',
  });
  const form = await createForm(t.db, t.clock, program.id, {
    name: 'Join',
    definition: {
      locales: ['he', 'en'],
      fields: [{ name: 'email', required: true }],
      consents: [],
      listIds: [],
      doubleOptIn: false,
      thankYou: { redirectUrl: 'https://shop.example/thanks' },
      spam: { minFillSeconds: 0 },
    },
  });
  const ctx = { db: t.db, clock: t.clock, config: { publicUrl: 'http://moadon.test' } };
  return { program, member, form, links: await memberLinks(ctx, program.id, member.id), ctx };
}

describe('security headers', () => {
  it('the pages opened from e-mails cannot be framed, run no foreign script and leak no token by Referer', async () => {
    const { links, ctx } = await club();
    const pages = [
      ['unsubscribe page', await web.inject(local(links.unsubscribeUrl))],
      ['preferences page', await web.inject(local(links.preferencesUrl))],
      ['a link that is not valid', await web.inject('/u/not-a-token')],
      ['confirmation page', await web.inject(local(await confirmUrl(ctx, crypto.randomUUID())))],
    ] as const;
    for (const [what, res] of pages) {
      expect(res.headers['content-type'], what).toContain('text/html');
      expectPolicy(res, what);
    }
    expect(pages[0][1].statusCode).toBe(200);
    expect(pages[1][1].statusCode).toBe(200);
    // Preferences and unsubscribe forms post only back to us.
    expect(directives(pages[1][1]).get('form-action')).toBe("'self'");
    expect(pages[0][1].headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('the hosted form may post and be sent on to the club’s own thank-you page, but cannot be framed', async () => {
    const { form } = await club();
    const page = await web.inject(`/f/${form.id}`);
    expect(page.statusCode).toBe(200);
    const csp = expectPolicy(page, 'hosted form');
    // Chromium applies form-action to the 303 that follows a submission too.
    expect(csp.has('form-action')).toBe(false);
    const invalid = await web.inject({
      method: 'POST',
      url: `/f/${form.id}/submit`,
      payload: 'email=not-an-address',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(invalid.headers['content-type']).toContain('text/html');
    expect(expectPolicy(invalid, 'form answered again').has('form-action')).toBe(false);
  });

  it('only the embeddable form script may be loaded by other sites', async () => {
    const { form } = await club();
    const script = await web.inject({
      url: `/f/${form.id}/embed.js`,
      headers: { origin: 'https://shop.example' },
    });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('application/javascript');
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(script.headers['access-control-allow-origin']).toBe('*');
    expectPolicy(script, 'embed script');
    const page = await web.inject(`/f/${form.id}`);
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('the admin app, the portal, /docs, the API and its errors carry the same policy', async () => {
    const { program, form } = await club();
    const responses = [
      ['admin app', await web.inject('/p/123/members')],
      ['portal', await web.inject(`/portal/${program.slug}`)],
      ['API docs', await web.inject('/docs/static/index.html')],
      ['API docs script', await web.inject('/docs/static/swagger-initializer.js')],
      ['OpenAPI', await web.inject('/openapi.json')],
      ['health', await web.inject('/healthz')],
      ['unauthenticated API call', await web.inject(`/api/programs/${program.id}/members`)],
      ['unknown route', await web.inject('/api/nope')],
      ['malformed URL', await web.inject('/api/%E0%A4%A')],
      [
        'body too large',
        await web.inject({
          method: 'POST',
          url: `/f/${form.id}/submit`,
          payload: `email=${'x'.repeat(1_100_000)}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      ],
    ] as const;
    for (const [what, res] of responses) expectPolicy(res, what);
    const csp = directives(responses[0][1]);
    // QR codes are data: images, e-mail previews show https images; styles are set inline by React.
    expect(csp.get('img-src')).toBe("'self' data: https:");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(responses[6][1].statusCode).toBe(401);
    expect(responses[8][1].statusCode).toBe(400);
    expect(responses[9][1].statusCode).toBe(413);
  });
});
