// Shared by the signup-form tests: a test app and a real SMTP server per test file, a program with a list and a
// he/fa/en form, and the public form's requests.
import { afterAll, beforeAll, expect } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../../test/mail-server.ts';
import { Worker } from '../../../platform/jobs/index.ts';
import { messagingJobs } from '../../messaging/index.ts';

let t: TestContext;
let mail: MailServer;

/**
 * Starts the test app and mail server for this file; `ready` receives them. `network` is the file's own block of
 * sender addresses (the first three octets): the per-IP signup limit counts across every form of a database, and
 * on the shared PostgreSQL test database the files run at the same time.
 */
export function useFormsTest(
  network: string,
  ready: (context: { t: TestContext; mail: MailServer }) => void,
) {
  ipNetwork = network;
  beforeAll(async () => {
    t = await setupTest();
    mail = await startMailServer();
    ready({ t, mail });
  });
  afterAll(async () => {
    await mail.close();
    await t.close();
  });
}

export const unique = () => Math.random().toString(36).slice(2, 10);
let ipNetwork = '';
let ipCounter = 1;
export const freshIp = () => `${ipNetwork}.${ipCounter++}`;
export const worker = () =>
  new Worker({
    db: t.db,
    clock: t.clock,
    config: { smtpUrl: mail.url, mailFrom: 'club@moadon.test' },
    modules: [messagingJobs],
  });

export const CONSENT_HE = 'אני מאשר/ת לקבל מ״קפה שלום״ דיוור שיווקי בדוא״ל, ואפשר להסיר בכל עת.';
export const CONSENT_FA = 'موافقم ایمیل‌های تبلیغاتی «کافه سلام» را دریافت کنم و هر زمان می‌توانم لغو کنم.';
export const CONSENT_EN = 'Yes, e-mail me offers from Café Shalom. I can unsubscribe at any time.';

export async function setup(overrides: Record<string, unknown> = {}) {
  const program = await makeProgram(t.db, { name: 'קפה שלום' });
  const owner = await makeUser(t, program.id);
  const list = await owner.request({
    method: 'POST',
    url: `/api/programs/${program.id}/lists`,
    payload: { name: 'הרשמות מהאתר' },
  });
  const res = await owner.request({
    method: 'POST',
    url: `/api/programs/${program.id}/forms`,
    payload: {
      name: 'Website',
      definition: {
        locales: ['he', 'fa', 'en'],
        fields: [
          { name: 'email', required: true },
          { name: 'firstName' },
          { name: 'phone' },
          { name: 'birthday' },
        ],
        consents: [
          {
            key: 'email_marketing',
            channel: 'email',
            purpose: 'marketing',
            required: true,
            text: { he: CONSENT_HE, fa: CONSENT_FA, en: CONSENT_EN },
          },
        ],
        listIds: [list.json().id],
        doubleOptIn: true,
        ...overrides,
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { program, owner, form: res.json(), listId: list.json().id as string };
}

export async function hosted(formId: string, lang?: string) {
  const res = await t.app.inject({ method: 'GET', url: `/f/${formId}${lang ? `?lang=${lang}` : ''}` });
  const token = /name="_t" value="([^"]+)"/.exec(res.body)?.[1];
  return { res, token: token! };
}

export function postForm(formId: string, fields: Record<string, string>, ip: string) {
  return t.app.inject({
    method: 'POST',
    url: `/f/${formId}/submit`,
    remoteAddress: ip,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TestBrowser/1.0',
    },
    payload: new URLSearchParams(fields).toString(),
  });
}

export function postJson(
  formId: string,
  body: Record<string, unknown>,
  ip: string,
  origin = 'https://shop.example',
) {
  return t.app.inject({
    method: 'POST',
    url: `/f/${formId}/submit`,
    remoteAddress: ip,
    headers: { origin },
    payload: body,
  });
}

export const submissions = (formId: string) =>
  t.db.selectFrom('form_submissions').selectAll().where('form_id', '=', formId).execute();
