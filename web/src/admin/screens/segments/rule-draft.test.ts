// The builder's draft: nested groups to the API rule with each node's path, errors back onto their node, a
// saved rule back to a draft, and the rule in words in English, Hebrew and Persian.
import { describe, expect, it } from 'vitest';
import { translate } from '../../../shared/i18n/index.tsx';

type Locale = Parameters<typeof translate>[0];
import {
  changeNode,
  draftOf,
  newCondition,
  newFilter,
  newGroup,
  nodeForPath,
  ruleOf,
  type DraftCondition,
  type DraftGroup,
  type FieldInfo,
} from './rule-draft.ts';
import { summarise } from './rule-summary.ts';

const fields: FieldInfo[] = [
  {
    key: 'purchase.category_orders',
    group: 'purchases',
    label: 'Orders with a category',
    type: 'number',
    operators: ['gte', 'eq'],
    params: {
      properties: { category: { type: 'string' }, days: { type: 'integer' } },
      required: ['category'],
    },
  },
  {
    key: 'consent.granted',
    group: 'consent',
    label: 'Consent',
    type: 'boolean',
    operators: ['is'],
    params: {
      properties: {
        channel: { enum: ['email', 'sms', 'phone'] },
        purpose: { enum: ['marketing', 'service'], default: 'marketing' },
      },
    },
  },
  {
    key: 'rfm.segment',
    group: 'rfm',
    label: 'RFM segment',
    type: 'enum',
    operators: ['eq', 'in'],
    options: ['champions', 'lost'],
  },
  {
    key: 'purchase.last_at',
    group: 'purchases',
    label: 'Last purchase',
    type: 'timestamp',
    operators: ['more_than_days_ago'],
  },
  {
    key: 'event.count',
    group: 'events',
    label: 'Times did event',
    type: 'number',
    operators: ['gte'],
    params: {
      properties: {
        name: { type: 'string' },
        days: { type: 'integer' },
        where: { type: 'array', maxItems: 10 },
      },
      required: ['name'],
    },
  },
  { key: 'loyalty.tier', group: 'loyalty', label: 'Tier (key)', type: 'text', operators: ['eq', 'in'] },
];
const field = (key: string) => fields.find((f) => f.key === key)!;
const cond = (key: string, patch: Partial<DraftCondition>): DraftCondition => ({
  ...newCondition(field(key)),
  ...patch,
});

/** Champions and (bought pastries ≥ 3 times in 60 days or e-mail consent), not seen in 30 days. */
function pastryChampions(): { root: DraftGroup; inner: DraftGroup; pastries: DraftCondition } {
  const pastries = cond('purchase.category_orders', {
    value: '3',
    params: { category: 'pastries', days: '60' },
  });
  const inner: DraftGroup = {
    ...newGroup('or'),
    children: [pastries, cond('consent.granted', { value: 'true', params: { channel: 'email' } })],
  };
  const root: DraftGroup = {
    ...newGroup('and'),
    children: [
      cond('rfm.segment', { op: 'eq', value: 'champions' }),
      inner,
      { ...newGroup('and'), children: [] },
      cond('purchase.last_at', { value: '30' }),
    ],
  };
  return { root, inner, pastries };
}

describe('rule draft', () => {
  it('builds the nested API rule, leaves empty groups out and knows the path of each node', () => {
    const { root, inner, pastries } = pastryChampions();
    const { rule, paths } = ruleOf(
      { ...root, children: root.children.map((c) => (c.id === inner.id ? { ...inner, negate: true } : c)) },
      fields,
    );
    expect(rule).toEqual({
      type: 'and',
      rules: [
        { type: 'condition', field: 'rfm.segment', op: 'eq', value: 'champions' },
        {
          type: 'not',
          rule: {
            type: 'or',
            rules: [
              {
                type: 'condition',
                field: 'purchase.category_orders',
                op: 'gte',
                value: 3,
                params: { category: 'pastries', days: 60 },
              },
              {
                type: 'condition',
                field: 'consent.granted',
                op: 'is',
                value: true,
                params: { channel: 'email' },
              },
            ],
          },
        },
        { type: 'condition', field: 'purchase.last_at', op: 'more_than_days_ago', value: 30 },
      ],
    });
    expect(paths.get(pastries.id)).toBe('rule.rules[1].rule.rules[0]');
    expect(nodeForPath(paths, 'rule.rules[1].rule.rules[0].params')).toEqual({
      id: pastries.id,
      part: 'params',
    });
    expect(nodeForPath(paths, 'rule.rules[2].value')?.part).toBe('value');
    expect(ruleOf(newGroup(), fields).rule).toBeUndefined();
  });

  it('edits and removes nodes anywhere in the tree, and reads a saved rule back', () => {
    const { root, pastries } = pastryChampions();
    const edited = changeNode(root, pastries.id, (n) => ({ ...n, value: '5' }));
    const again = draftOf(ruleOf(edited, fields).rule)!;
    expect(ruleOf(again, fields).rule).toEqual(ruleOf(edited, fields).rule);
    const removed = changeNode(edited, pastries.id, () => null);
    expect(JSON.stringify(ruleOf(removed, fields).rule)).not.toContain('pastries');
  });

  it('says the rule in words, in each language', () => {
    const { root } = pastryChampions();
    const words = (locale: Locale) =>
      summarise(root, fields, { t: (key, vars) => translate(locale, key, vars) });
    expect(words('en')).toBe(
      'RFM segment is Champions and (Orders with a category (Category: pastries, in the last 60 days) at least 3 or ' +
        'Consent granted (Channel: e-mail, Purpose: marketing) is yes) and Last purchase more than 30 days ago',
    );
    expect(words('he')).toContain('אלופים');
    expect(words('he')).toContain(' או ');
    expect(words('fa')).toContain(' یا ');
  });

  it('types event property filters, leaves unnamed ones out and reads them back', () => {
    const event = fields.find((f) => f.key === 'event.count')!;
    const cond: DraftCondition = {
      ...newCondition(event),
      value: '2',
      params: { name: 'Product Viewed', days: '30' },
      where: [
        { ...newFilter(), property: 'plan', op: 'eq', value: 'gold', kind: 'text' },
        { ...newFilter(), property: 'sku', op: 'eq', value: '71053', kind: 'text' },
        { ...newFilter(), property: 'amount', op: 'gte', value: ' 100 ', kind: 'text' },
        { ...newFilter(), property: 'member', op: 'neq', value: 'false', kind: 'boolean' },
        { ...newFilter(), property: 'colour', op: 'contains', value: 'Red', kind: 'number' },
        { ...newFilter(), property: ' ', op: 'eq', value: 'typing', kind: 'text' },
      ],
    };
    const root: DraftGroup = { ...newGroup(), children: [cond] };
    const rule = ruleOf(root, fields).rule as { rules: { params: unknown }[] };
    expect(rule.rules[0]!.params).toEqual({
      name: 'Product Viewed',
      days: 30,
      where: [
        { property: 'plan', op: 'eq', value: 'gold' },
        // Typed as text: a SKU of digits stays the text the events hold.
        { property: 'sku', op: 'eq', value: '71053' },
        // Ordering comparisons are numeric whatever the type says; contains is text.
        { property: 'amount', op: 'gte', value: 100 },
        { property: 'member', op: 'neq', value: false },
        { property: 'colour', op: 'contains', value: 'Red' },
      ],
    });
    const back = draftOf(rule)!;
    expect(ruleOf(back, fields).rule).toEqual(rule);
    expect((back.children[0] as DraftCondition).where.map((f) => f.kind)).toEqual([
      'text',
      'text',
      'number',
      'boolean',
      'text',
    ]);
    expect(summarise(back, fields, { t: (key, vars) => translate('en', key, vars) })).toBe(
      'Times did an event (Event name: Product Viewed, in the last 30 days, plan is gold, sku is 71053, ' +
        'amount at least 100, member is not no, colour contains Red) at least 2',
    );
  });

  it('names tiers by their name in the language of the screen, not their key', () => {
    const tier = fields.find((f) => f.key === 'loyalty.tier')!;
    const root: DraftGroup = {
      ...newGroup(),
      children: [{ ...newCondition(tier), op: 'in', value: 'gold, silver' }],
    };
    expect(ruleOf(root, fields).rule).toEqual({
      type: 'and',
      rules: [{ type: 'condition', field: 'loyalty.tier', op: 'in', value: ['gold', 'silver'] }],
    });
    const tierNames = { gold: 'זהב', silver: 'כסף' };
    expect(summarise(root, fields, { t: (key, vars) => translate('he', key, vars), tierNames })).toContain(
      'זהב, כסף',
    );
  });
});
