import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../../test/harness.ts';
import { enqueueJob, Worker } from '../../../platform/jobs/index.ts';
import { clubJobs } from '../../../app/index.ts';
import { EXPIRE_SIGNUPS_JOB, membershipJobs } from '../jobs.ts';
import { confirmUrl } from '../links.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const HOUR = 3_600_000;

async function pendingSignup(formId: string, email: string) {
  const page = await t.app.inject({ method: 'GET', url: `/f/${formId}` });
  const token = /name="_t" value="([^"]+)"/.exec(page.body)![1]!;
  t.clock.advance(8000);
  const res = await t.app.inject({
    method: 'POST',
    url: `/f/${formId}/submit`,
    remoteAddress: `198.51.100.${Math.floor(Math.random() * 250)}`,
    headers: { origin: 'https://shop.example' },
    payload: { email, 'consent.news': 'yes', _t: token, _lang: 'en' },
  });
  expect(res.json()).toMatchObject({ status: 'confirmation_sent' });
  return t.db
    .selectFrom('form_submissions')
    .selectAll()
    .where('form_id', '=', formId)
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

const status = async (id: string) =>
  (await t.db.selectFrom('form_submissions').select('status').where('id', '=', id).executeTakeFirstOrThrow())
    .status;

async function runExpiryJob() {
  await enqueueJob(t.db, t.clock, { type: EXPIRE_SIGNUPS_JOB });
  await new Worker({ db: t.db, clock: t.clock, modules: [membershipJobs] }).drain();
}

describe('expiry of unconfirmed double opt-in signups', () => {
  it('is a recurring job of the worker', () => {
    expect(clubJobs).toContain(membershipJobs);
    expect(membershipJobs.schedules).toEqual([
      { name: EXPIRE_SIGNUPS_JOB, type: EXPIRE_SIGNUPS_JOB, everySeconds: 3600 },
    ]);
  });

  it('marks pending signups past their link expiry as expired; their link then shows a clear page', async () => {
    const program = await makeProgram(t.db, { name: 'Café Shalom' });
    const owner = await makeUser(t, program.id);
    const created = await owner.request({
      method: 'POST',
      url: `/api/programs/${program.id}/forms`,
      payload: {
        name: 'Website',
        definition: {
          locales: ['en', 'he'],
          fields: [{ name: 'email', required: true }],
          consents: [
            {
              key: 'news',
              channel: 'email',
              purpose: 'marketing',
              required: true,
              text: { en: 'Offers?', he: 'דיוור?' },
            },
          ],
          listIds: [],
          doubleOptIn: true,
        },
      },
    });
    const formId = created.json().id as string;
    const ctx = { db: t.db, clock: t.clock, config: { publicUrl: 'http://moadon.test' } };

    const old = await pendingSignup(formId, `old-${Date.now()}@example.com`);
    const oldLink = (await confirmUrl(ctx, old.id)).replace('http://moadon.test', '');
    t.clock.advance(71 * HOUR);
    const recent = await pendingSignup(formId, `recent-${Date.now()}@example.com`);
    await runExpiryJob();
    expect([await status(old.id), await status(recent.id)]).toEqual(['pending', 'pending']);

    t.clock.advance(2 * HOUR);
    await runExpiryJob();
    expect([await status(old.id), await status(recent.id)]).toEqual(['expired', 'pending']);

    for (const method of ['GET', 'POST'] as const) {
      const res = await t.app.inject({ method, url: oldLink });
      expect(res.statusCode).toBe(410);
      expect(res.body).toContain('This confirmation link has expired');
      expect(res.body).toContain('valid for 72 hours');
      expect(res.body).toContain(`href="http://moadon.test/f/${formId}?lang=en"`);
    }
    // Even a link whose own time has not run out confirms nothing once the submission has expired.
    const fresh = (await confirmUrl(ctx, old.id)).replace('http://moadon.test', '');
    expect((await t.app.inject({ method: 'POST', url: fresh })).statusCode).toBe(410);
    expect(await status(old.id)).toBe('expired');
    const member = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', program.id)
      .executeTakeFirst();
    expect(member).toBeUndefined();

    // The recent one still confirms.
    const recentLink = (await confirmUrl(ctx, recent.id)).replace('http://moadon.test', '');
    expect((await t.app.inject({ method: 'POST', url: recentLink })).statusCode).toBe(200);
    expect(await status(recent.id)).not.toBe('pending');
  });
});
