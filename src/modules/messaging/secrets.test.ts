// Codes and tokens in messages are for their recipient only: no admin role reads them through the API, the
// outbox view and exports show them hidden, and the message still arrives with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProgram, makeUser, setupTest, type TestContext } from '../../../test/harness.ts';
import { startMailServer, type MailServer } from '../../../test/mail-server.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import { REDACTED, messagingJobs, queueMessage } from './index.ts';

let t: TestContext;
let mail: MailServer;
beforeAll(async () => {
  t = await setupTest();
  mail = await startMailServer();
});
afterAll(async () => {
  await mail.close();
  await t.close();
});

const smtpWorker = () =>
  new Worker({
    db: t.db,
    clock: t.clock,
    config: { smtpUrl: mail.url, mailFrom: 'club@moadon.test' },
    modules: [messagingJobs],
  });

describe('secrets in messages', () => {
  it('a portal sign-in code is unreadable to every admin role, and the member still gets it', async () => {
    const program = await makeProgram(t.db);
    const email = `noa-${Math.random().toString(36).slice(2)}@example.com`;
    await createMember(t.db, t.clock, SYSTEM_ACTOR, program.id, { email, locale: 'en' });
    const asked = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${program.slug}/otp`,
      payload: { email },
    });
    expect(asked.statusCode).toBe(202);
    for (const role of ['viewer', 'agent', 'marketer', 'owner'] as const) {
      const actor = await makeUser(t, program.id, role);
      const list = await actor.request({ url: `/api/programs/${program.id}/messages?kind=portal_otp` });
      expect(list.statusCode).toBe(200);
      const [message] = list.json().items;
      expect(message.text, role).toContain(REDACTED);
      expect(message.text).not.toMatch(/\d{6}/);
      const one = await actor.request({ url: `/api/programs/${program.id}/messages/${message.id}` });
      expect(one.json().text).not.toMatch(/\d{6}/);
    }
    await smtpWorker().drain();
    const received = mail.received.filter((m) => JSON.stringify(m.to).includes(email));
    expect(received).toHaveLength(1);
    const code = /\b(\d{6})\b/.exec(received[0]!.text ?? '')?.[1];
    expect(code).toBeDefined();
    const verified = await t.app.inject({
      method: 'POST',
      url: `/api/portal/${program.slug}/otp/verify`,
      payload: { email, code },
    });
    expect(verified.statusCode).toBe(200);
    // Delivered: the secret is gone from the database too.
    const kept = await t.db
      .selectFrom('message_secrets')
      .select('message_id')
      .where('program_id', '=', program.id)
      .execute();
    expect(kept).toEqual([]);
  });

  it('hides unsubscribe tokens (also in the preferences link) from the outbox view', async () => {
    const program = await makeProgram(t.db);
    const token = 'eyJrIjoibWVtYmVyIn0.c2lnbmF0dXJlLW9mLXRoZS1tZW1iZXI';
    const queued = await queueMessage(t.db, t.clock, {
      programId: program.id,
      channel: 'email',
      kind: 'campaign',
      purpose: 'marketing',
      to: 'dana@example.com',
      subject: 'Offers',
      text: `Hello\n\nUnsubscribe: http://moadon.test/u/${token}\nPreferences: http://moadon.test/preferences/${token}`,
      html: `<p><a href="http://moadon.test/u/${token}">Unsubscribe</a></p>`,
      unsubscribeUrl: `http://moadon.test/u/${token}`,
    });
    expect(JSON.stringify(queued)).not.toContain(token);
    const viewer = await makeUser(t, program.id, 'viewer');
    const view = await viewer.request({ url: `/api/programs/${program.id}/messages/${queued.id}` });
    expect(view.body).not.toContain(token);
    expect(view.json().unsubscribeUrl).toBe(`http://moadon.test/u/${REDACTED}`);
    const stored = await t.db
      .selectFrom('messages')
      .selectAll()
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token);
    await smtpWorker().drain();
    const received = mail.received.filter((m) => JSON.stringify(m.to).includes('dana@example.com')).at(-1)!;
    expect(received.text).toContain(`/preferences/${token}`);
    expect(JSON.stringify(received.headerLines)).toContain(`/u/${token}`);
  });
});
