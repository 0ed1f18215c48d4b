// "Review and send" through the HTTP API: a draft's own audience with what the contact-pressure policy would
// defer or drop and why, who could not be sent to at all, the A/B split and a sample by name — adding up to the
// audience, changing nothing, and matching what the launch then does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { clubJobs } from '../../app/index.ts';
import { Worker } from '../../platform/jobs/index.ts';
import { suppressAddress } from '../messaging/index.ts';
import { makeCampaignClub, type CampaignClub } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const drain = () => new Worker({ db: t.db, clock: t.clock, modules: clubJobs }).drain();

interface Preview {
  audience: number;
  decidedAt: string | null;
  outcomes: { send: number; deferred: number; skipped: number; suppressed: number };
  reasons: { outcome: string; reason: string; count: number }[];
  deferred: { earliest: string | null; latest: string | null };
  variants: { key: string; count: number }[];
  sample: {
    memberId: string;
    name: string;
    outcome: string;
    reason: string | null;
    variant: string | null;
  }[];
}

async function campaign(club: CampaignClub, extra: Record<string, unknown> = {}) {
  const res = await club.owner.request({
    method: 'POST',
    url: club.url('/campaigns'),
    payload: {
      name: 'ניוזלטר',
      channel: 'email',
      audience: { lists: [club.listId] },
      variants: [{ templateId: club.templateId }],
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

const preview = async (club: CampaignClub, id: string, query = '') => {
  const res = await club.owner.request({ method: 'GET', url: club.url(`/campaigns/${id}/preview${query}`) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Preview;
};

const reasonsOf = (p: Preview) =>
  Object.fromEntries(p.reasons.map((r) => [`${r.outcome}:${r.reason}`, r.count]));

async function dailyCap(club: CampaignClub) {
  const res = await club.owner.request({
    method: 'PUT',
    url: club.url('/contact-policy'),
    payload: { caps: { day: 1, week: null, month: null }, quietHours: null, restDays: [], onExceed: 'defer' },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('campaign preview', () => {
  it('shows who the policy holds back and why, who cannot be sent to, and matches the launch', async () => {
    const club = await makeCampaignClub(t);
    await dailyCap(club);
    const reached = [await club.member({ firstName: 'נועה' }), await club.member()];
    const first = await campaign(club);
    expect(
      (await club.owner.request({ method: 'POST', url: club.url(`/campaigns/${first}/launch`) })).statusCode,
    ).toBe(200);
    await drain();

    const fresh = await club.member({ firstName: 'Dana' });
    await club.member({ consent: false });
    await club.member({ email: null });
    await club.member({ email: 'gone@example.com' });
    await suppressAddress(t.db, t.clock, {
      programId: club.programId,
      channel: 'email',
      address: 'gone@example.com',
      reason: 'unsubscribe',
    });
    const second = await campaign(club, { name: 'מבצע' });
    const before = await t.db
      .selectFrom('messages')
      .select('id')
      .where('program_id', '=', club.programId)
      .execute();

    const p = await preview(club, second);
    expect(p.audience).toBe(6);
    expect(p.outcomes).toEqual({ send: 1, deferred: 2, skipped: 2, suppressed: 1 });
    expect(reasonsOf(p)).toEqual({
      'deferred:frequency_cap': 2,
      'skipped:no_consent': 1,
      'skipped:invalid_address': 1,
      'suppressed:suppressed': 1,
    });
    expect(new Date(p.deferred.earliest!).getTime()).toBeGreaterThan(t.clock.now().getTime());
    expect(p.decidedAt).toBe(t.clock.now().toISOString());
    expect(p.variants).toEqual([{ key: 'A', count: 1 }]);
    const held = p.sample.filter((s) => s.outcome === 'deferred');
    expect(held.map((s) => s.memberId).sort()).toEqual([...reached].sort());
    expect(held.some((s) => s.name === 'נועה')).toBe(true);
    expect(p.sample.find((s) => s.outcome === 'send')).toMatchObject({
      memberId: fresh,
      name: 'Dana',
      variant: 'A',
    });
    // Nothing was written.
    const after = await t.db
      .selectFrom('messages')
      .select('id')
      .where('program_id', '=', club.programId)
      .execute();
    expect(after).toHaveLength(before.length);

    // What the launch then does is what the preview said.
    expect(
      (await club.owner.request({ method: 'POST', url: club.url(`/campaigns/${second}/launch`) })).statusCode,
    ).toBe(200);
    await drain();
    const accounting = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${second}/accounting`),
    });
    const a = accounting.json() as {
      reasons: { outcome: string; reason: string; count: number }[];
      totals: { sent: number };
    };
    expect(Object.fromEntries(a.reasons.map((r) => [`${r.outcome}:${r.reason}`, r.count]))).toEqual(
      reasonsOf(p),
    );
    expect(a.totals.sent).toBe(p.outcomes.send);

    const launched = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${second}/preview`),
    });
    expect(launched.statusCode).toBe(409);
    expect(launched.json()).toMatchObject({ error: { code: 'campaign_not_draft' } });
  });

  it('a campaign that drops skips instead; the A/B split and the holdout add up to the audience', async () => {
    const club = await makeCampaignClub(t);
    await dailyCap(club);
    const reached = await club.member();
    const first = await campaign(club);
    await club.owner.request({ method: 'POST', url: club.url(`/campaigns/${first}/launch`) });
    await drain();
    for (let i = 0; i < 29; i++) await club.member();
    const templateB = await club.template('newsletter-b');
    const ab = await campaign(club, {
      variants: [{ templateId: club.templateId }, { templateId: templateB, subject: 'פרסומת: B' }],
      abTest: { testPercent: 40, metric: 'open', winnerDelayMinutes: 60 },
      holdoutPercent: 10,
      onExceed: 'drop',
    });
    const p = await preview(club, ab, '?sample=50');
    expect(p.audience).toBe(30);
    const o = p.outcomes;
    expect(o.send + o.deferred + o.skipped + o.suppressed).toBe(30);
    expect(o.deferred).toBe(0);
    const r = reasonsOf(p);
    // The member the first campaign reached is held back by the cap — unless their bucket is in the holdout.
    const mine = p.sample.find((s) => s.memberId === reached)!;
    expect(mine.outcome).toBe('skipped');
    expect(r['skipped:frequency_cap'] ?? 0).toBe(mine.reason === 'holdout' ? 0 : 1);
    expect(Object.keys(r).every((k) => ['skipped:frequency_cap', 'skipped:holdout'].includes(k))).toBe(true);
    expect(p.variants.reduce((n, v) => n + v.count, 0)).toBe(o.send);
    expect(p.variants.map((v) => v.key)).toEqual(['A', 'B', 'unassigned']);
    expect((r['skipped:holdout'] ?? 0) + (r['skipped:frequency_cap'] ?? 0) + o.send).toBe(30);
    expect(p.sample).toHaveLength(30);
  });

  it('asks the policy at the scheduled time; refuses bad input, unknown campaigns and other programs', async () => {
    const club = await makeCampaignClub(t);
    await club.member();
    const at = new Date(t.clock.now().getTime() + 3 * 24 * 3600_000).toISOString();
    const later = await campaign(club, { schedule: { kind: 'at', at } });
    expect((await preview(club, later)).decidedAt).toBe(at);
    const bad = await club.owner.request({
      method: 'GET',
      url: club.url(`/campaigns/${later}/preview?sample=99`),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const unknown = await club.owner.request({
      method: 'GET',
      url: club.url('/campaigns/00000000-0000-4000-8000-000000000000/preview'),
    });
    expect(unknown.statusCode).toBe(404);
    const other = await makeCampaignClub(t);
    const foreign = await other.owner.request({
      method: 'GET',
      url: other.url(`/campaigns/${later}/preview`),
    });
    expect(foreign.statusCode).toBe(404);
  });
});
