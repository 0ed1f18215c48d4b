// Sending campaigns through the HTTP API and the worker on a simulated clock: rows recorded before anything is
// sent, the contact-pressure policy deferring what exceeds it, pause / resume / cancel, the accounting adding up
// to the audience, and a member's "why not sent".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { startMailServer } from '../../../test/mail-server.ts';
import { clubJobs } from '../../app/index.ts';
import { listEvents } from '../../platform/events/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { closeSmtpTransports, suppressAddress } from '../messaging/index.ts';
import { campaignAccounting, getCampaign } from './index.ts';
import { makeCampaignClub, type CampaignClub } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const drain = (config: Record<string, unknown> = {}) =>
  new Worker({ db: t.db, clock: t.clock, modules: clubJobs, config }).drain();

const draft = (club: CampaignClub, extra: Record<string, unknown> = {}) => ({
  name: 'ניוזלטר דצמבר',
  channel: 'email',
  audience: { lists: [club.listId] },
  variants: [{ templateId: club.templateId }],
  ...extra,
});

interface View {
  id: string;
  state: string;
  progress: Record<string, number>;
  winner: { variant: string; source: string } | null;
}

async function createCampaign(club: CampaignClub, extra: Record<string, unknown> = {}) {
  const res = await club.owner.request({
    method: 'POST',
    url: club.url('/campaigns'),
    payload: draft(club, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as View).id;
}

const act = async (club: CampaignClub, id: string, action: string, payload?: unknown, key?: string) =>
  club.owner.request({
    method: 'POST',
    url: club.url(`/campaigns/${id}/${action}`),
    ...(payload ? { payload } : {}),
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

const view = async (club: CampaignClub, id: string) =>
  (await club.owner.request({ method: 'GET', url: club.url(`/campaigns/${id}`) })).json() as View;

interface Accounting {
  audience: number;
  outcomes: { status: string; reason: string | null; variant: string | null; count: number }[];
  reasons: { outcome: string; reason: string | null; count: number }[];
  balanced: boolean;
}
// After the simulated clock has moved a day the test's session has ended: read through the service then.
const settled = async (club: CampaignClub, id: string) => ({
  accounting: (await campaignAccounting(t.db, club.programId, id)) as Accounting,
  state: (await getCampaign(t.db, club.programId, id)).state,
});
const accountingOf = async (club: CampaignClub, id: string) => {
  const res = await club.owner.request({ method: 'GET', url: club.url(`/campaigns/${id}/accounting`) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Accounting;
};
const byStatus = (a: Accounting) => {
  const out: Record<string, number> = {};
  for (const o of a.outcomes) {
    const key = o.reason ? `${o.status}:${o.reason}` : o.status;
    out[key] = (out[key] ?? 0) + o.count;
  }
  return out;
};

describe('sending a campaign', () => {
  it('records every member before sending, sends the eligible once, and accounts for the rest', async () => {
    const club = await makeCampaignClub(t);
    const eligible = [await club.member(), await club.member(), await club.member()];
    const noConsent = await club.member({ consent: false });
    await club.member({ email: null });
    await club.member({ email: 'gone@example.com' });
    await suppressAddress(t.db, t.clock, {
      programId: club.programId,
      channel: 'email',
      address: 'gone@example.com',
      reason: 'unsubscribe',
    });
    const id = await createCampaign(club);

    const launched = await act(club, id, 'launch', undefined, `launch-${id}`);
    expect(launched.statusCode, launched.body).toBe(200);
    expect(launched.json()).toMatchObject({ state: 'scheduled' });
    const replay = await act(club, id, 'launch', undefined, `launch-${id}`);
    expect(replay.statusCode).toBe(200);
    const twice = await act(club, id, 'launch');
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({
      error: { code: 'invalid_campaign_state', details: { state: 'scheduled', action: 'launch' } },
    });

    await drain();
    const done = await view(club, id);
    expect(done.state).toBe('sent');
    const a = await accountingOf(club, id);
    expect(a.balanced).toBe(true);
    expect(a.audience).toBe(6);
    expect(byStatus(a)).toEqual({
      outbox: 3,
      'skipped:no_consent': 1,
      'skipped:invalid_address': 1,
      'suppressed:suppressed': 1,
    });

    const rendered = await t.db
      .selectFrom('messages')
      .select(['member_id', 'status', 'attempts'])
      .where('campaign_id', '=', id)
      .where('status', '=', 'outbox')
      .execute();
    expect(rendered.map((r) => r.member_id).sort()).toEqual([...eligible].sort());
    expect(rendered.every((r) => r.attempts === 1)).toBe(true);
    // Left in the outbox (no SMTP configured), nothing was sent: no message.sent.
    expect(await listEvents(t.db, club.programId, { types: ['message.sent'], limit: 10 })).toEqual([]);

    const why = await club.owner.request({
      method: 'GET',
      url: club.url(`/members/${noConsent}/campaign-messages?notSent=true`),
    });
    expect(why.statusCode, why.body).toBe(200);
    expect(why.json()).toMatchObject({
      items: [{ campaignId: id, campaignName: 'ניוזלטר דצמבר', status: 'skipped', reason: 'no_consent' }],
    });
    // Draining again sends nothing twice.
    await drain();
    expect(byStatus(await accountingOf(club, id)).outbox).toBe(3);
  });
});

describe('contact pressure, pause, resume and cancel', () => {
  it('a second campaign the same day waits for members the first one reached, then goes', async () => {
    const club = await makeCampaignClub(t);
    const [a, b] = [await club.member(), await club.member()];
    const policy = await club.owner.request({
      method: 'PUT',
      url: club.url('/contact-policy'),
      payload: {
        caps: { day: 1, week: null, month: null },
        quietHours: null,
        restDays: [],
        onExceed: 'defer',
      },
    });
    expect(policy.statusCode, policy.body).toBe(200);
    const first = await createCampaign(club);
    await act(club, first, 'launch');
    await drain();
    const late = await club.member();
    const second = await createCampaign(club, { name: 'מבצע' });
    await act(club, second, 'launch');
    await drain();

    const held = await accountingOf(club, second);
    expect(byStatus(held)).toEqual({ 'deferred:frequency_cap': 2, outbox: 1 });
    expect(held.balanced).toBe(true);
    expect((await view(club, second)).state).toBe('sending');
    const why = await club.owner.request({
      method: 'GET',
      url: club.url(`/members/${a}/campaign-messages?notSent=true`),
    });
    const items = (why.json() as { items: { campaignId: string; reason: string; notBefore: string }[] })
      .items;
    expect(items).toMatchObject([{ campaignId: second, reason: 'frequency_cap' }]);
    expect(new Date(items[0]!.notBefore).getTime()).toBeGreaterThan(t.clock.now().getTime());
    const sent = await t.db
      .selectFrom('messages')
      .select('member_id')
      .where('campaign_id', '=', second)
      .where('status', '=', 'outbox')
      .execute();
    expect(sent.map((r) => r.member_id)).toEqual([late]);

    // A day later the job, put back for then, sends them.
    t.clock.advance(24 * 3600_000 + 60_000);
    await drain();
    const after = await settled(club, second);
    expect(byStatus(after.accounting)).toEqual({ outbox: 3 });
    expect(after.state).toBe('sent');
    expect(b).toBeTruthy();
  });

  it('pauses before anything is sent, resumes, and cancels what is left with a reason', async () => {
    const club = await makeCampaignClub(t);
    for (let i = 0; i < 3; i++) await club.member();
    const id = await createCampaign(club);
    const early = await act(club, id, 'pause');
    expect(early.json()).toMatchObject({
      error: { code: 'invalid_campaign_state', details: { state: 'draft' } },
    });
    await act(club, id, 'launch');
    const paused = await act(club, id, 'pause', undefined, `pause-${id}`);
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json()).toMatchObject({ state: 'paused' });
    await drain();
    // Paused, the job records the audience's rows but claims none of them.
    const held = await view(club, id);
    expect(held).toMatchObject({ state: 'paused', progress: { queued: 3, sent: 0 } });
    const resumed = await act(club, id, 'resume');
    expect(resumed.json()).toMatchObject({ state: 'sending' });
    await drain();
    expect((await view(club, id)).state).toBe('sent');
    const again = await act(club, id, 'resume');
    expect(again.json()).toMatchObject({
      error: { code: 'invalid_campaign_state', details: { state: 'sent' } },
    });

    const later = await createCampaign(club, {
      schedule: { kind: 'at', at: new Date(t.clock.now().getTime() + 3600_000).toISOString() },
    });
    await act(club, later, 'launch');
    await drain();
    expect((await view(club, later)).state).toBe('scheduled');
    const cancelled = await act(club, later, 'cancel');
    expect(cancelled.json()).toMatchObject({ state: 'cancelled' });
    t.clock.advance(2 * 3600_000);
    await drain();
    const after = await settled(club, later);
    expect(after.accounting.audience).toBe(0);
    expect(after.state).toBe('cancelled');
  });

  it('cancelling mid-campaign skips every row not yet sent with reason "cancelled"', async () => {
    const club = await makeCampaignClub(t);
    for (let i = 0; i < 3; i++) await club.member();
    const policy = await club.owner.request({
      method: 'PUT',
      url: club.url('/contact-policy'),
      payload: {
        caps: { day: 1, week: null, month: null },
        quietHours: null,
        restDays: [],
        onExceed: 'defer',
      },
    });
    expect(policy.statusCode).toBe(200);
    const first = await createCampaign(club);
    await act(club, first, 'launch');
    await drain();
    const second = await createCampaign(club);
    await act(club, second, 'launch');
    await drain();
    expect(byStatus(await accountingOf(club, second))).toEqual({ 'deferred:frequency_cap': 3 });
    await act(club, second, 'cancel');
    const a = await accountingOf(club, second);
    expect(byStatus(a)).toEqual({ 'skipped:cancelled': 3 });
    expect(a.balanced).toBe(true);
    t.clock.advance(2 * 24 * 3600_000);
    await drain();
    expect(byStatus((await settled(club, second)).accounting)).toEqual({ 'skipped:cancelled': 3 });
  });
});

describe('A/B test, then the winner to the rest', () => {
  const abCampaign = async (club: CampaignClub, winnerDelayMinutes: number | null) => {
    const b = await club.template(`newsletter-b-${Math.random().toString(36).slice(2, 8)}`);
    return createCampaign(club, {
      variants: [{ templateId: club.templateId }, { templateId: b, subject: 'פרסומת: מבצע חורף' }],
      abTest: { testPercent: 40, metric: 'open', winnerDelayMinutes },
    });
  };
  const rows = (id: string) =>
    t.db
      .selectFrom('messages')
      .select(['id', 'variant', 'status', 'subject'])
      .where('campaign_id', '=', id)
      .execute();

  it('sends the test share, waits, picks the variant with more opens and sends it to the rest', async () => {
    const club = await makeCampaignClub(t);
    for (let i = 0; i < 20; i++) await club.member();
    const id = await abCampaign(club, 60);
    await act(club, id, 'launch');
    await drain();
    const waiting = await view(club, id);
    expect(waiting.state).toBe('awaiting_winner');
    const test = (await rows(id)).filter((r) => r.variant !== null);
    expect(test.every((r) => r.status === 'outbox')).toBe(true);
    expect(waiting.progress.awaitingWinner).toBe(20 - test.length);
    // Two people opened B, nobody opened A (and a machine fetch of A does not count).
    const opens = [
      ...test
        .filter((r) => r.variant === 'B')
        .slice(0, 2)
        .map((r) => ({ id: r.id, machine: false })),
      ...test
        .filter((r) => r.variant === 'A')
        .slice(0, 1)
        .map((r) => ({ id: r.id, machine: true })),
    ];
    await t.db
      .insertInto('message_opens')
      .values(
        opens.map((o) => ({
          program_id: club.programId,
          message_id: o.id,
          at: t.clock.now(),
          machine: o.machine,
          machine_reason: null,
        })),
      )
      .execute();
    t.clock.advance(59 * 60_000);
    await drain();
    expect((await settled(club, id)).state).toBe('awaiting_winner');
    t.clock.advance(2 * 60_000);
    await drain();
    const done = await getCampaign(t.db, club.programId, id);
    expect(done.state).toBe('sent');
    expect(done.winner).toMatchObject({ variant: 'B', source: 'auto' });
    const all = await rows(id);
    expect(all.filter((r) => r.variant === null)).toEqual([]);
    expect(all.filter((r) => r.variant === 'B').length).toBe(
      20 - test.filter((r) => r.variant === 'A').length,
    );
    expect((await settled(club, id)).accounting.balanced).toBe(true);
  });

  it('a winner picked by hand goes to the rest; a second pick is refused', async () => {
    const club = await makeCampaignClub(t);
    for (let i = 0; i < 10; i++) await club.member();
    const id = await abCampaign(club, null);
    await act(club, id, 'launch');
    await drain();
    expect((await view(club, id)).state).toBe('awaiting_winner');
    const bad = await act(club, id, 'winner', { variant: 'E' });
    expect(bad.statusCode).toBe(400);
    const picked = await act(club, id, 'winner', { variant: 'A' }, `winner-${id}`);
    expect(picked.statusCode, picked.body).toBe(200);
    expect(picked.json()).toMatchObject({ winner: { variant: 'A', source: 'manual' } });
    const replay = await act(club, id, 'winner', { variant: 'A' }, `winner-${id}`);
    expect(replay.statusCode).toBe(200);
    await drain();
    expect((await view(club, id)).state).toBe('sent');
    const second = await act(club, id, 'winner', { variant: 'B' });
    expect(second.statusCode).toBe(409);
    expect(byStatus(await accountingOf(club, id))).toEqual({ outbox: 10 });
  });
});

describe('a provider that refuses for a while', () => {
  it('backs off on 421/451, requeues instead of failing, and ends with every message sent once', async () => {
    // …and each sent row published one message.sent (journeys and segments react to it); deferrals published none.
    const sink = await startMailServer();
    try {
      const club = await makeCampaignClub(t);
      for (let i = 0; i < 6; i++) await club.member();
      const id = await createCampaign(club);
      await act(club, id, 'launch');
      sink.failNext(421, 1);
      sink.failNext(451, 1);
      const config = { smtpUrl: sink.url, publicUrl: 'https://club.example' };
      await drain(config);
      const first = byStatus(await accountingOf(club, id));
      expect(first['deferred:provider_backoff']).toBeGreaterThan(0);
      for (let round = 0; round < 6 && (await settled(club, id)).state !== 'sent'; round++) {
        t.clock.advance(60 * 60_000);
        await drain(config);
      }
      const done = await settled(club, id);
      expect(done.state).toBe('sent');
      expect(byStatus(done.accounting)).toEqual({ sent: 6 });
      const recipients = sink.deliveries.flatMap((d) => d.rcptTo);
      expect(recipients.length).toBe(6);
      expect(new Set(recipients).size).toBe(6);
      const events = await listEvents(t.db, club.programId, { types: ['message.sent'], limit: 50 });
      const rows = await t.db
        .selectFrom('messages')
        .select(['id', 'member_id'])
        .where('campaign_id', '=', id)
        .execute();
      expect(events.map((e) => (e.payload as { messageId: string }).messageId).sort()).toEqual(
        rows.map((r) => r.id).sort(),
      );
      expect(events.map((e) => e.memberId).sort()).toEqual(rows.map((r) => r.member_id).sort());
      expect(events[0]!.payload).toMatchObject({ channel: 'email', kind: 'campaign', purpose: 'marketing' });
      const delivery = sink.deliveries[0]!;
      expect(delivery.raw.toString()).toMatch(/^List-Unsubscribe:\s+<https:\/\/club\.example\/u\//m);
      expect(delivery.mail.subject).toMatch(/^פרסומת: /);
    } finally {
      closeSmtpTransports();
      await sink.close();
    }
  });
});
