import { describe, expect, it } from 'vitest';
import { filtersFromSearch, ruleOf, searchOf } from './member-filters.ts';

describe('members list filters', () => {
  it('reads the address, ignoring what is not a filter', () => {
    const f = filtersFromSearch(
      new URLSearchParams('q=Dana&tier=gold&bought=over:30&birthMonth=13&joinedFrom=nope&sort=points&page=3'),
    );
    expect(f).toEqual({ q: 'Dana', tier: 'gold', bought: 'over:30', sort: 'points', dir: 'desc', page: 3 });
    expect(searchOf(f)).toMatchObject({ q: 'Dana', sort: 'points', page: '3', dir: undefined });
  });

  it('becomes a segment rule: search by name or phone digits, dates inclusive', () => {
    expect(ruleOf(filtersFromSearch(new URLSearchParams('')))).toBeUndefined();
    expect(ruleOf(filtersFromSearch(new URLSearchParams('tag=vip')))).toEqual({
      type: 'condition',
      field: 'tag.has',
      op: 'includes_any',
      value: ['vip'],
    });
    const rule = ruleOf(
      filtersFromSearch(new URLSearchParams('q=050-123&joinedFrom=2026-03-01&bought=never')),
    );
    expect(rule).toMatchObject({
      type: 'and',
      rules: [
        {
          type: 'or',
          rules: expect.arrayContaining([
            { type: 'condition', field: 'member.phone', op: 'contains', value: '50123' },
          ]),
        },
        { field: 'member.joined_at', op: 'after', value: '2026-02-28' },
        { field: 'purchase.count', op: 'eq', value: 0 },
      ],
    });
  });
});
