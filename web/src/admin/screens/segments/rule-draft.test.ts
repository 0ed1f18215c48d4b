// The builder's draft: nested groups to the API rule with each node's path, errors back onto their node, a
// saved rule back to a draft, and the rule in words in English, Hebrew and Persian.
import { describe, expect, it } from 'vitest';
import { translate } from '../../../shared/i18n/index.tsx';

type Locale = Parameters<typeof translate>[0];
import {
  changeNode,
  draftOf,
  newCondition,
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
});
