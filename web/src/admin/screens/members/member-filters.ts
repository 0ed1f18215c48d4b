// The members list's filters as they sit in the address (so Back, reload and a shared link show the same list)
// and as the segment rule the browse API takes.
export const MEMBER_SORTS = ['joined', 'name', 'points', 'last_purchase'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];

export interface MemberFilters {
  q?: string;
  tier?: string;
  list?: string;
  tag?: string;
  /** Joined on or after / before this local day (YYYY-MM-DD). */
  joinedFrom?: string;
  joinedTo?: string;
  /** Last purchase: within the last N days, more than N days ago, or never. */
  bought?: `within:${number}` | `over:${number}` | 'never';
  birthMonth?: string;
  sort: MemberSort;
  dir: 'asc' | 'desc';
  page: number;
}

const TEXT_KEYS = ['q', 'tier', 'list', 'tag', 'joinedFrom', 'joinedTo', 'bought', 'birthMonth'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromSearch(search: URLSearchParams): MemberFilters {
  const f: MemberFilters = { sort: 'joined', dir: 'desc', page: 1 };
  for (const key of TEXT_KEYS) {
    const value = search.get(key)?.trim();
    if (value) (f as unknown as Record<string, string>)[key] = value;
  }
  if (f.joinedFrom && !DAY.test(f.joinedFrom)) delete f.joinedFrom;
  if (f.joinedTo && !DAY.test(f.joinedTo)) delete f.joinedTo;
  if (f.bought && !/^(within:\d{1,4}|over:\d{1,4}|never)$/.test(f.bought)) delete f.bought;
  if (f.birthMonth && !/^(1[0-2]|[1-9])$/.test(f.birthMonth)) delete f.birthMonth;
  const sort = search.get('sort');
  if ((MEMBER_SORTS as readonly string[]).includes(sort ?? '')) f.sort = sort as MemberSort;
  if (search.get('dir') === 'asc') f.dir = 'asc';
  const page = Number(search.get('page'));
  if (Number.isInteger(page) && page > 1) f.page = page;
  return f;
}

/** The address query for filters; defaults are left out. */
export function searchOf(f: MemberFilters): Record<string, string | undefined> {
  return {
    q: f.q,
    tier: f.tier,
    list: f.list,
    tag: f.tag,
    joinedFrom: f.joinedFrom,
    joinedTo: f.joinedTo,
    bought: f.bought,
    birthMonth: f.birthMonth,
    sort: f.sort === 'joined' ? undefined : f.sort,
    dir: f.dir === 'desc' ? undefined : f.dir,
    page: f.page > 1 ? String(f.page) : undefined,
  };
}

export const hasFilters = (f: MemberFilters) => TEXT_KEYS.some((key) => f[key] !== undefined);

type Condition = { type: 'condition'; field: string; op: string; value?: unknown; params?: unknown };
type Rule = Condition | { type: 'and' | 'or'; rules: Rule[] };

/** The segment rule for the filters; undefined for everyone. */
export function ruleOf(f: MemberFilters): Rule | undefined {
  const rules: Rule[] = [];
  const cond = (field: string, op: string, value?: unknown, params?: unknown): Condition => ({
    type: 'condition',
    field,
    op,
    ...(value !== undefined ? { value } : {}),
    ...(params !== undefined ? { params } : {}),
  });
  if (f.q) {
    const text = f.q.slice(0, 100);
    const any: Rule[] = ['member.first_name', 'member.last_name', 'member.email', 'member.external_id'].map(
      (field) => cond(field, 'contains', text),
    );
    // Phones are stored +972501234567: "050-123 4567" is found by its digits after the trunk zero.
    const digits = text.replace(/\D/g, '').replace(/^0+/, '');
    if (digits.length >= 3) any.push(cond('member.phone', 'contains', digits));
    rules.push({ type: 'or', rules: any });
  }
  if (f.tier) rules.push(cond('loyalty.tier', 'eq', f.tier));
  if (f.list) rules.push(cond('list.subscribed', 'includes_any', [f.list]));
  if (f.tag) rules.push(cond('tag.has', 'includes_any', [f.tag]));
  if (f.joinedFrom && f.joinedTo) rules.push(cond('member.joined_at', 'between', [f.joinedFrom, f.joinedTo]));
  // "after" and "before" leave their own day out; the list's dates are inclusive.
  else if (f.joinedFrom) rules.push(cond('member.joined_at', 'after', shiftDay(f.joinedFrom, -1)));
  else if (f.joinedTo) rules.push(cond('member.joined_at', 'before', shiftDay(f.joinedTo, 1)));
  if (f.bought === 'never') rules.push(cond('purchase.count', 'eq', 0));
  else if (f.bought?.startsWith('within:'))
    rules.push(cond('purchase.last_at', 'within_last_days', Number(f.bought.slice(7))));
  else if (f.bought?.startsWith('over:'))
    rules.push(cond('purchase.last_at', 'more_than_days_ago', Number(f.bought.slice(5))));
  if (f.birthMonth) rules.push(cond('member.birthday_month', 'eq', Number(f.birthMonth)));
  if (rules.length === 0) return undefined;
  return rules.length === 1 ? rules[0] : { type: 'and', rules };
}

function shiftDay(day: string, by: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
}
