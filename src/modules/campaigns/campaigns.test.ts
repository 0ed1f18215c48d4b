// Campaigns through the HTTP API on a real database: drafts, the live audience count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTest, type TestContext } from '../../../test/harness.ts';
import { suppressAddress } from '../messaging/index.ts';
import { makeCampaignClub, type CampaignClub } from './test-fixtures.ts';

let t: TestContext;
beforeAll(async () => {
  t = await setupTest();
});
afterAll(() => t.close());

const draft = (club: CampaignClub, extra: Record<string, unknown> = {}) => ({
  name: 'ניוזלטר דצמבר',
  channel: 'email',
  audience: { lists: [club.listId] },
  variants: [{ templateId: club.templateId }],
  ...extra,
});

describe('campaign drafts', () => {
  it('creates, reads, changes and deletes a draft; refuses bad settings with stable codes', async () => {
    const club = await makeCampaignClub(t);
    const created = await club.owner.request({
      method: 'POST',
      url: club.url('/campaigns'),
      payload: draft(club),
      headers: { 'idempotency-key': 'draft-1' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json() as { id: string; state: string; variants: { key: string }[] };
    expect(campaign).toMatchObject({
      state: 'draft',
      onExceed: 'defer',
      schedule: { kind: 'now' },
      abTest: null,
    });
    expect(campaign.variants.map((v) => v.key)).toEqual(['A']);
    const again = await club.owner.request({
      method: 'POST',
      url: club.url('/campaigns'),
      payload: draft(club),
      headers: { 'idempotency-key': 'draft-1' },
    });
    expect((again.json() as { id: string }).id).toBe(campaign.id);

    const b = await club.template('newsletter-b');
    const patched = await club.owner.request({
      method: 'PATCH',
      url: club.url(`/campaigns/${campaign.id}`),
      payload: {
        variants: [{ templateId: club.templateId }, { templateId: b, subject: 'פרסומת: מבצע חורף' }],
        abTest: { testPercent: 20, metric: 'click', winnerDelayMinutes: 240 },
        holdoutPercent: 10,
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      abTest: { testPercent: 20, metric: 'click', winnerDelayMinutes: 240 },
      holdoutPercent: 10,
    });

    const noTest = await club.owner.request({
      method: 'PATCH',
      url: club.url(`/campaigns/${campaign.id}`),
      payload: { abTest: null },
    });
    expect(noTest.json()).toMatchObject({ error: { code: 'invalid_ab_test' } });
    const empty = await club.owner.request({
      method: 'POST',
      url: club.url('/campaigns'),
      payload: draft(club, { audience: {} }),
    });
    expect(empty.json()).toMatchObject({ error: { code: 'empty_audience' } });
    const sms = await club.owner.request({
      method: 'POST',
      url: club.url('/campaigns'),
      payload: draft(club, { channel: 'sms' }),
    });
    expect(sms.json()).toMatchObject({ error: { code: 'invalid_campaign_template' } });

    const list = await club.owner.request({ method: 'GET', url: club.url('/campaigns') });
    expect((list.json() as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([campaign.id]);
    const removed = await club.owner.request({
      method: 'DELETE',
      url: club.url(`/campaigns/${campaign.id}`),
    });
    expect(removed.statusCode).toBe(204);
    const gone = await club.owner.request({ method: 'GET', url: club.url(`/campaigns/${campaign.id}`) });
    expect(gone.json()).toMatchObject({ error: { code: 'campaign_not_found' } });
  });

  it('counts an audience live: lists minus exclusions, and who could not be sent to and why', async () => {
    const club = await makeCampaignClub(t);
    const [a, , , , suppressed] = [
      await club.member(),
      await club.member(),
      await club.member({ consent: false }),
      await club.member({ email: null }),
      await club.member({ email: 'gone@example.com' }),
    ];
    await suppressAddress(t.db, t.clock, {
      programId: club.programId,
      channel: 'email',
      address: 'Gone@example.com',
      reason: 'bounce',
    });
    const count = await club.owner.request({
      method: 'POST',
      url: club.url('/campaigns/audience-count'),
      payload: { channel: 'email', audience: { lists: [club.listId] } },
    });
    expect(count.statusCode, count.body).toBe(200);
    expect(count.json()).toEqual({
      audience: 5,
      eligible: 2,
      notSendable: { noConsent: 1, invalidAddress: 1, suppressed: 1 },
    });
    expect(a && suppressed).toBeTruthy();
  });
});
