// Saved segments through the HTTP API: validation errors that name the node, CRUD, count preview, paging,
// CSV export, entered/left events on refresh (also on the event bus), daily size snapshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTest, type Actor, type TestContext } from '../../../test/harness.ts';
import { listEvents } from '../../platform/events/index.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { addMemberTags } from '../membership/index.ts';
import { deleteMember } from '../members/index.ts';
import { makeShop } from './test-fixtures.ts';

let t: TestContext;
let shop: Awaited<ReturnType<typeof makeShop>>;
let owner: Actor;
let viewer: Actor;
beforeAll(async () => {
  t = await setupTest();
  shop = await makeShop(t);
  owner = await makeUser(t, shop.programId, 'owner');
  viewer = await makeUser(t, shop.programId, 'viewer');
});
afterAll(() => t.close());

const url = (path: string) => `/api/programs/${shop.programId}${path}`;
const hebrewOrEnglish = { type: 'condition', field: 'member.locale', op: 'in', value: ['he', 'en'] };
const boughtAnything = { type: 'condition', field: 'purchase.count', op: 'gte', value: 1 };

describe('saved segments', () => {
  it('previews a count and a sample while editing, and refuses a bad rule naming the node', async () => {
    const res = await owner.request({
      method: 'POST',
      url: url('/segments/preview'),
      payload: { rule: { type: 'and', rules: [hebrewOrEnglish, boughtAnything] }, sample: 5 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().count).toBe(2);
    expect(
      res
        .json()
        .sample.map((m: { firstName: string }) => m.firstName)
        .sort(),
    ).toEqual(['Avi', 'Beth']);

    const bad = await owner.request({
      method: 'POST',
      url: url('/segments/preview'),
      payload: { rule: { type: 'and', rules: [hebrewOrEnglish, { ...boughtAnything, op: 'starts_with' }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_operator', details: { path: 'rule.rules[1]' } });
  });

  it('lists the fields with their operators, custom attributes included', async () => {
    const res = await viewer.request({ url: url('/segments/fields') });
    expect(res.statusCode, res.body).toBe(200);
    const fields = res.json().fields as { key: string; operators: string[] }[];
    expect(fields.find((f) => f.key === 'attribute.visits')?.operators).toContain('gte');
    expect(fields.find((f) => f.key === 'consent.granted')).toMatchObject({
      type: 'boolean',
      operators: ['is'],
    });
  });

  it('saves, pages, exports and deletes a segment; nothing is saved when the rule is bad', async () => {
    const before = (await owner.request({ url: url('/segments') })).json().items.length;
    const refused = await owner.request({
      method: 'POST',
      url: url('/segments'),
      payload: {
        name: 'Broken',
        rule: { type: 'not', rule: { type: 'condition', field: 'nope.x', op: 'eq', value: 1 } },
      },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'unknown_field', details: { path: 'rule.rule' } });
    expect((await owner.request({ url: url('/segments') })).json().items).toHaveLength(before);

    const created = await owner.request({
      method: 'POST',
      url: url('/segments'),
      payload: {
        name: 'Not Haifa',
        rule: { type: 'not', rule: { type: 'condition', field: 'attribute.city', op: 'eq', value: 'Haifa' } },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const segment = created.json();
    expect(segment.memberCount).toBe(3);

    const dup = await owner.request({
      method: 'POST',
      url: url('/segments'),
      payload: { name: 'not haifa', rule: hebrewOrEnglish },
    });
    expect(dup.statusCode).toBe(409);

    const first = await owner.request({ url: url(`/segments/${segment.id}/members?limit=2`) });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toHaveLength(2);
    const second = await owner.request({
      url: url(`/segments/${segment.id}/members?limit=2&cursor=${first.json().nextCursor}`),
    });
    expect(second.json().items).toHaveLength(1);
    expect(second.json().nextCursor).toBeNull();
    const paged = [...first.json().items, ...second.json().items]
      .map((m: { firstName: string }) => m.firstName)
      .sort();
    expect(paged).toEqual(['Beth', 'Carmel', 'Eli']);

    expect((await viewer.request({ url: url(`/segments/${segment.id}/export`) })).statusCode).toBe(403);
    const csv = await owner.request({ url: url(`/segments/${segment.id}/export`) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('id,external_id,first_name,last_name,email,phone,locale,joined_at');
    expect(lines).toHaveLength(4);

    const renamed = await owner.request({
      method: 'PATCH',
      url: url(`/segments/${segment.id}`),
      payload: { name: 'Outside Haifa' },
    });
    expect(renamed.json().name).toBe('Outside Haifa');
    expect((await owner.request({ method: 'DELETE', url: url(`/segments/${segment.id}`) })).statusCode).toBe(
      204,
    );
    expect((await owner.request({ url: url(`/segments/${segment.id}`) })).statusCode).toBe(404);
  });

  it('exports cells a spreadsheet would run as formulas with a leading apostrophe', async () => {
    const res = await owner.request({
      method: 'POST',
      url: url('/members'),
      payload: {
        externalId: '+formula',
        firstName: '=HYPERLINK("http://evil","x")',
        lastName: '@SUM(1)',
        attributes: { city: 'Formula' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = await owner.request({
      method: 'POST',
      url: url('/segments'),
      payload: {
        name: 'Formula city',
        rule: { type: 'condition', field: 'attribute.city', op: 'eq', value: 'Formula' },
      },
    });
    const csv = await owner.request({ url: url(`/segments/${created.json().id}/export`) });
    expect(csv.body).toContain(`,'+formula,"'=HYPERLINK(""http://evil"",""x"")",'@SUM(1),`);
  });

  it('refresh records who entered and left, and the size per local day', async () => {
    const created = await owner.request({
      method: 'POST',
      url: url('/segments'),
      payload: {
        name: 'VIP',
        rule: { type: 'condition', field: 'tag.has', op: 'includes_any', value: ['vip'] },
      },
    });
    const id = created.json().id as string;
    const events = async () =>
      (await owner.request({ url: url(`/segment-events?segmentId=${id}`) }))
        .json()
        .items.map((e: { type: string; memberId: string }) => `${e.type} ${shop.names[e.memberId]}`);
    expect(await events()).toEqual(['segment.entered Beth']);

    t.clock.set('2026-06-15T21:30:00Z'); // 00:30 on 16 June in Jerusalem
    await addMemberTags(t.db, t.clock, shop.programId, shop.ids.eli, ['vip']);
    await deleteMember(t.db, t.clock, SYSTEM_ACTOR, shop.programId, shop.ids.beth);
    // (A scheduled refresh from another test's worker may get there first: the events are the same either way.)
    const refresh = await owner.request({ method: 'POST', url: url(`/segments/${id}/refresh`) });
    expect(refresh.json()).toMatchObject({ segmentId: id, members: 1 });
    expect(await events()).toEqual(['segment.entered Beth', 'segment.entered Eli', 'segment.left Beth']);
    // Refreshing again changes nothing.
    expect(
      (await owner.request({ method: 'POST', url: url(`/segments/${id}/refresh`) })).json(),
    ).toMatchObject({
      entered: 0,
      left: 0,
    });

    // The same changes are on the event bus, for journeys and campaigns: the member and the segment's id.
    const bus = await listEvents(t.db, shop.programId, {
      types: ['segment.entered', 'segment.left'],
      limit: 100,
    });
    expect(
      bus
        .filter((e) => (e.payload as { segmentId: string }).segmentId === id)
        .map((e) => `${e.type} ${shop.names[e.memberId!]}`),
    ).toEqual(['segment.entered Beth', 'segment.entered Eli', 'segment.left Beth']);

    const sizes = await owner.request({ url: url(`/segments/${id}/sizes?from=2026-06-01&to=2026-06-30`) });
    expect(sizes.json().items).toEqual([
      { day: '2026-06-15', members: 1 },
      { day: '2026-06-16', members: 1 },
    ]);
  });
});
