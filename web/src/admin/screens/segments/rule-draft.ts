// The builder's draft of a rule: nested all/any groups of conditions, each optionally negated, and its
// translation to the API's rule tree with the API path of every draft node (so a 400 naming `rule.rules[1].value`
// lands on the right condition). Values are typed by the field's type from GET …/segments/fields.
export interface FieldInfo {
  key: string;
  group: string;
  label: string;
  type: 'text' | 'number' | 'enum' | 'boolean' | 'timestamp' | 'date' | 'set';
  operators: string[];
  options?: string[];
  unit?: string;
  params?: {
    properties?: Record<
      string,
      { type?: string; enum?: (string | number)[]; default?: unknown; format?: string; maxItems?: number }
    >;
    required?: string[];
  };
}

/** One filter on an event's properties (`params.where[]` of the event fields), typed by `kind`. */
export interface DraftFilter {
  id: number;
  property: string;
  op: (typeof PROPERTY_OPS)[number];
  value: string;
  kind: 'text' | 'number' | 'boolean';
}

export interface DraftCondition {
  kind: 'condition';
  id: number;
  field: string;
  op: string;
  value: string;
  params: Record<string, string>;
  /** Property filters, for a field whose parameters have a `where` list. */
  where: DraftFilter[];
  negate: boolean;
}

/** The property comparisons of an event filter; the ordering ones compare numbers only. */
export const PROPERTY_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
const NUMERIC_OPS = new Set(['gt', 'gte', 'lt', 'lte']);

export interface DraftGroup {
  kind: 'group';
  id: number;
  match: 'and' | 'or';
  negate: boolean;
  children: DraftNode[];
}

export type DraftNode = DraftCondition | DraftGroup;

/** Groups nest this deep (the top group is level 1). The API allows more; the screen keeps it readable. */
export const MAX_GROUP_LEVEL = 3;

let nextId = 1;
export const newGroup = (match: 'and' | 'or' = 'and'): DraftGroup => ({
  kind: 'group',
  id: nextId++,
  match,
  negate: false,
  children: [],
});
export const newCondition = (field: FieldInfo): DraftCondition => ({
  kind: 'condition',
  id: nextId++,
  field: field.key,
  op: field.operators[0]!,
  value: '',
  params: {},
  where: [],
  negate: false,
});

export const newFilter = (): DraftFilter => ({
  id: nextId++,
  property: '',
  op: 'eq',
  value: '',
  kind: 'text',
});

/** Whether the field takes a list of property filters (`params.where`). */
export const takesFilters = (field: FieldInfo) => field.params?.properties?.where?.type === 'array';

function typedFilter(f: DraftFilter): { property: string; op: string; value: string | number | boolean } {
  const kind = NUMERIC_OPS.has(f.op) ? 'number' : f.op === 'contains' ? 'text' : f.kind;
  const value =
    kind === 'number' ? Number(f.value.trim()) : kind === 'boolean' ? f.value !== 'false' : f.value;
  return { property: f.property.trim(), op: f.op, value };
}

/** The tree with node `id` replaced by `change(node)` (or removed when it returns null). */
export function changeNode(
  root: DraftGroup,
  id: number,
  change: (n: DraftNode) => DraftNode | null,
): DraftGroup {
  const visit = (n: DraftNode): DraftNode | null => {
    if (n.id === id) return change(n);
    if (n.kind === 'condition') return n;
    const children = n.children.map(visit).filter((c): c is DraftNode => c !== null);
    return { ...n, children };
  };
  return (visit(root) as DraftGroup | null) ?? newGroup();
}

const NO_VALUE = new Set(['is_set', 'is_not_set']);
const LISTS = new Set(['in', 'not_in', 'includes_any', 'includes_all', 'includes_none']);

export const needsValue = (op: string) => !NO_VALUE.has(op);
export const takesList = (op: string) => LISTS.has(op) || op === 'between';

function typedValue(field: FieldInfo, op: string, raw: string): unknown {
  const scalar = (s: string) => (field.type === 'number' ? Number(s) : s);
  if (LISTS.has(op))
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(scalar);
  if (op === 'between') return raw.split(',').map((s) => scalar(s.trim()));
  if (op === 'within_last_days' || op === 'more_than_days_ago') return Number(raw);
  if (field.type === 'boolean') return (raw || 'true') === 'true';
  return scalar(raw.trim());
}

function typedParams(
  field: FieldInfo,
  raw: Record<string, string>,
  filters: DraftFilter[],
): Record<string, unknown> | undefined {
  const props = field.params?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(props)) {
    const v = raw[key];
    if (v === undefined || v === '') continue;
    out[key] =
      schema.type === 'integer' || schema.type === 'number' || typeof schema.enum?.[0] === 'number'
        ? Number(v)
        : v;
  }
  // Rows without a property are still being typed: left out until they name one.
  const where = takesFilters(field) ? filters.filter((f) => f.property.trim() !== '').map(typedFilter) : [];
  if (where.length) out.where = where;
  return Object.keys(out).length ? out : undefined;
}

export interface CompiledDraft {
  /** The API rule, or undefined while the draft has no condition. */
  rule: unknown;
  /** The API path (`rule.rules[0].rule`) of each draft node that reached the rule. */
  paths: Map<number, string>;
}

/** The API rule for a draft; empty groups are left out. */
export function ruleOf(root: DraftGroup, fields: FieldInfo[]): CompiledDraft {
  const paths = new Map<number, string>();
  const build = (n: DraftNode, path: string): unknown => {
    const inner = n.negate ? `${path}.rule` : path;
    let node: unknown;
    if (n.kind === 'condition') {
      const field = fields.find((f) => f.key === n.field);
      if (!field) return undefined;
      const params = typedParams(field, n.params, n.where);
      node = {
        type: 'condition',
        field: n.field,
        op: n.op,
        ...(needsValue(n.op) ? { value: typedValue(field, n.op, n.value) } : {}),
        ...(params ? { params } : {}),
      };
    } else {
      const rules: unknown[] = [];
      for (const child of n.children) {
        const built = build(child, `${inner}.rules[${rules.length}]`);
        if (built !== undefined) rules.push(built);
      }
      if (rules.length === 0) return undefined;
      node = { type: n.match, rules };
    }
    paths.set(n.id, inner);
    return n.negate ? { type: 'not', rule: node } : node;
  };
  return { rule: build(root, 'rule'), paths };
}

/** Where an API error's path points: the draft node, and whether it names its value or its parameters. */
export function nodeForPath(
  paths: Map<number, string>,
  path: string,
): { id: number; part: 'value' | 'params' | 'node' } | undefined {
  let best: { id: number; length: number } | undefined;
  for (const [id, p] of paths)
    if ((path === p || path.startsWith(`${p}.`)) && (!best || p.length > best.length))
      best = { id, length: p.length };
  if (!best) return undefined;
  const rest = path.slice(best.length);
  const part = rest.startsWith('.value') ? 'value' : rest.startsWith('.params') ? 'params' : 'node';
  return { id: best.id, part };
}

/** The saved rule as a draft (the segment page shows it; anything the screen cannot show stays undefined). */
export function draftOf(rule: unknown): DraftGroup | undefined {
  const visit = (node: unknown, negate: boolean): DraftNode | undefined => {
    const n = node as { type?: string; rules?: unknown[]; rule?: unknown } & Record<string, unknown>;
    if (n?.type === 'not') return visit(n.rule, !negate);
    if (n?.type === 'and' || n?.type === 'or') {
      const children = (n.rules ?? []).map((r) => visit(r, false));
      if (children.some((c) => c === undefined)) return undefined;
      return { kind: 'group', id: nextId++, match: n.type, negate, children: children as DraftNode[] };
    }
    if (n?.type !== 'condition') return undefined;
    const value = n.value;
    const { where, ...rest } = (n.params as Record<string, unknown>) ?? {};
    const params = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)]));
    const filters = Array.isArray(where) ? where.map(draftFilter) : [];
    if (filters.some((f) => f === undefined)) return undefined;
    return {
      kind: 'condition',
      id: nextId++,
      field: String(n.field),
      op: String(n.op),
      value: Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value),
      params,
      where: filters as DraftFilter[],
      negate,
    };
  };
  const top = visit(rule, false);
  if (!top) return undefined;
  return top.kind === 'group' ? top : { ...newGroup(), children: [top] };
}

function draftFilter(raw: unknown): DraftFilter | undefined {
  const f = raw as { property?: unknown; op?: unknown; value?: unknown };
  if (typeof f?.property !== 'string' || !(PROPERTY_OPS as readonly unknown[]).includes(f.op))
    return undefined;
  const kind = typeof f.value === 'number' ? 'number' : typeof f.value === 'boolean' ? 'boolean' : 'text';
  return {
    id: nextId++,
    property: f.property,
    op: f.op as DraftFilter['op'],
    value: String(f.value ?? ''),
    kind,
  };
}

/** Parameters the builder shows as single inputs (the `where` list has its own rows). */
export function simpleParams(field: FieldInfo) {
  return Object.entries(field.params?.properties ?? {}).filter(
    ([, s]) => s.type === 'string' || s.type === 'integer' || s.type === 'number' || s.enum,
  );
}
