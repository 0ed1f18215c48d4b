// The builder's draft of a rule (top-level all/any of conditions, each optionally negated) and its
// translation to the API's rule tree. Values are typed by the field's type from GET …/segments/fields.
export interface FieldInfo {
  key: string;
  group: string;
  label: string;
  type: 'text' | 'number' | 'enum' | 'boolean' | 'timestamp' | 'date' | 'set';
  operators: string[];
  options?: string[];
  params?: {
    properties?: Record<string, { type?: string; enum?: string[]; default?: unknown }>;
    required?: string[];
  };
}

export interface DraftCondition {
  id: number;
  field: string;
  op: string;
  value: string;
  params: Record<string, string>;
  negate: boolean;
}

export interface Draft {
  match: 'and' | 'or';
  conditions: DraftCondition[];
}

const NO_VALUE = new Set(['is_set', 'is_not_set']);
const LISTS = new Set(['in', 'not_in', 'includes_any', 'includes_all', 'includes_none']);

export const needsValue = (op: string) => !NO_VALUE.has(op);

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
  if (field.type === 'boolean') return raw === 'true';
  return scalar(raw.trim());
}

function typedParams(field: FieldInfo, raw: Record<string, string>): Record<string, unknown> | undefined {
  const props = field.params?.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(props)) {
    const v = raw[key];
    if (v === undefined || v === '') continue;
    out[key] = schema.type === 'integer' || schema.type === 'number' ? Number(v) : v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The API rule for a draft, or undefined while it has no condition. */
export function ruleOf(draft: Draft, fields: FieldInfo[]): unknown {
  const rules = draft.conditions.flatMap((c) => {
    const field = fields.find((f) => f.key === c.field);
    if (!field) return [];
    const params = typedParams(field, c.params);
    const condition = {
      type: 'condition',
      field: c.field,
      op: c.op,
      ...(needsValue(c.op) ? { value: typedValue(field, c.op, c.value) } : {}),
      ...(params ? { params } : {}),
    };
    return [c.negate ? { type: 'not', rule: condition } : condition];
  });
  return rules.length ? { type: draft.match, rules } : undefined;
}

/** Parameters the builder shows as inputs (lists of property filters stay API-only). */
export function simpleParams(field: FieldInfo) {
  return Object.entries(field.params?.properties ?? {}).filter(
    ([, s]) => s.type === 'string' || s.type === 'integer' || s.type === 'number' || s.enum,
  );
}
