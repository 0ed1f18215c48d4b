// Checks a rule tree before anything reaches SQL: the shape of each node (TypeBox), the field (known to the
// registry), the operator (allowed for the field's type), the value (possible for the type and the field's
// bounds) and the field's parameters. Every error names the node by its path, e.g. `rule.rules[1].rule`.
import { Type, type TObject } from 'typebox';
import { AppError } from '../../../platform/http/errors.ts';
import { strictAjv } from '../../../platform/http/validation.ts';
import { parseCalendarDate } from '../../members/index.ts';
import type { SegmentField } from '../fields/field.ts';
import type { SegmentFieldRegistry } from '../fields/registry.ts';
import { OPERATORS, type CheckedValue, type CompileContext, type Operator } from './types.ts';

export const MAX_DEPTH = 6;
export const MAX_CONDITIONS = 50;
const MAX_LIST = 100;
const MAX_TEXT = 500;
const MAX_DAYS = 36_500;

export type CheckedNode =
  | { type: 'and' | 'or'; rules: CheckedNode[] }
  | { type: 'not'; rule: CheckedNode }
  | {
      type: 'condition';
      field: SegmentField;
      op: Operator;
      value: CheckedValue;
      params: Record<string, unknown>;
    };

const GroupShape = Type.Object(
  {
    type: Type.Union([Type.Literal('and'), Type.Literal('or')]),
    rules: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_CONDITIONS }),
  },
  { additionalProperties: false },
);
const NotShape = Type.Object(
  { type: Type.Literal('not'), rule: Type.Unknown() },
  { additionalProperties: false },
);
const ConditionShape = Type.Object(
  {
    type: Type.Literal('condition'),
    field: Type.String({ minLength: 1, maxLength: 120 }),
    op: Type.String({ minLength: 1, maxLength: 40 }),
    value: Type.Optional(Type.Unknown()),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
const checkGroup = strictAjv.compile(GroupShape);
const checkNot = strictAjv.compile(NotShape);
const checkCondition = strictAjv.compile(ConditionShape);
const paramCheckers = new WeakMap<TObject, ReturnType<typeof strictAjv.compile>>();

function reject(code: string, path: string, problem: string, details: Record<string, unknown> = {}): never {
  throw new AppError(code, 400, `${path}: ${problem}`, { path, problem, ...details });
}

function shapeProblem(errors: ReturnType<typeof strictAjv.compile>['errors']): string {
  const e = errors?.[0];
  if (!e) return 'is not a valid rule node';
  const where = e.instancePath ? `${e.instancePath.slice(1).replace(/\//g, '.')} ` : '';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown property "${String(params.additionalProperty)}"`;
  if (e.keyword === 'required') return `missing "${String(params.missingProperty)}"`;
  return `${where}${e.message ?? e.keyword}`;
}

/** Checks and resolves a rule tree; throws a 400 naming the first bad node. */
export function checkRule(
  input: unknown,
  registry: SegmentFieldRegistry,
  ctx: Pick<CompileContext, 'attributeSchema'>,
): CheckedNode {
  let conditions = 0;
  const visit = (node: unknown, path: string, depth: number): CheckedNode => {
    if (depth > MAX_DEPTH)
      reject('rule_too_deep', path, `rules may nest at most ${MAX_DEPTH} levels`, { maxDepth: MAX_DEPTH });
    const type = (node as { type?: unknown } | null)?.type;
    if (type === 'and' || type === 'or') {
      if (!checkGroup(node)) reject('invalid_rule', path, shapeProblem(checkGroup.errors));
      const rules = (node as { rules: unknown[] }).rules;
      return { type, rules: rules.map((r, i) => visit(r, `${path}.rules[${i}]`, depth + 1)) };
    }
    if (type === 'not') {
      if (!checkNot(node)) reject('invalid_rule', path, shapeProblem(checkNot.errors));
      return { type, rule: visit((node as { rule: unknown }).rule, `${path}.rule`, depth + 1) };
    }
    if (type === 'condition') {
      if (!checkCondition(node)) reject('invalid_rule', path, shapeProblem(checkCondition.errors));
      if (++conditions > MAX_CONDITIONS)
        reject('rule_too_large', path, `a segment may have at most ${MAX_CONDITIONS} conditions`);
      return checkConditionNode(node as ConditionInput, path, registry, ctx);
    }
    return reject('invalid_rule', path, 'type must be "and", "or", "not" or "condition"');
  };
  return visit(input, 'rule', 1);
}

interface ConditionInput {
  field: string;
  op: string;
  value?: unknown;
  params?: Record<string, unknown>;
}

function checkConditionNode(
  node: ConditionInput,
  path: string,
  registry: SegmentFieldRegistry,
  ctx: Pick<CompileContext, 'attributeSchema'>,
): CheckedNode {
  const field = registry.find(node.field, ctx);
  if (!field) reject('unknown_field', path, `unknown field "${node.field}"`, { field: node.field });
  const allowed: readonly string[] = OPERATORS[field.type];
  if (!allowed.includes(node.op)) {
    reject(
      'invalid_operator',
      path,
      `operator "${node.op}" does not apply to ${field.key} (a ${field.type} field); use one of ${allowed.join(', ')}`,
      { field: field.key, op: node.op, allowed },
    );
  }
  const op = node.op as Operator;
  return {
    type: 'condition',
    field,
    op,
    value: checkValue(field, op, node.value, path),
    params: checkParams(field, node.params, path),
  };
}

function checkParams(field: SegmentField, raw: Record<string, unknown> | undefined, path: string) {
  if (!field.params) {
    if (raw && Object.keys(raw).length > 0)
      reject('invalid_params', path, `${field.key} takes no parameters`, { field: field.key });
    return {};
  }
  let check = paramCheckers.get(field.params);
  if (!check) {
    check = strictAjv.compile(field.params);
    paramCheckers.set(field.params, check);
  }
  const params = structuredClone(raw ?? {});
  if (!check(params))
    reject('invalid_params', `${path}.params`, shapeProblem(check.errors), { field: field.key });
  return params;
}

function checkValue(field: SegmentField, op: Operator, value: unknown, path: string): CheckedValue {
  const bad = (problem: string): never =>
    reject('invalid_value', `${path}.value`, problem, { field: field.key, op });
  if (op === 'is_set' || op === 'is_not_set') {
    if (value !== undefined) bad(`${op} takes no value`);
    return { kind: 'none' };
  }
  if (value === undefined) bad(`${op} needs a value`);
  const text = (v: unknown): string => {
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT)
      bad(`must be text of 1 to ${MAX_TEXT} characters`);
    if (field.type === 'enum' && field.options && !field.options.includes(v as string))
      bad(`"${String(v)}" is not one of ${field.options.join(', ')}`);
    return v as string;
  };
  const number = (v: unknown): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) bad('must be a number');
    const n = v as number;
    if (field.integer && !Number.isSafeInteger(n)) bad('must be a whole number');
    if (field.minimum !== undefined && n < field.minimum) bad(`must be at least ${field.minimum}`);
    if (field.maximum !== undefined && n > field.maximum) bad(`must be at most ${field.maximum}`);
    return n;
  };
  const day = (v: unknown): string => {
    if (typeof v !== 'string') bad('must be a date (YYYY-MM-DD)');
    try {
      return parseCalendarDate(v as string, 'value', '9999-12-31');
    } catch (e) {
      return bad((e as Error).message);
    }
  };
  const list = <T extends string | number>(read: (v: unknown) => T): T[] => {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST)
      bad(`must be a list of 1 to ${MAX_LIST} values`);
    return [...new Set((value as unknown[]).map(read))];
  };
  const range = <T extends string | number>(read: (v: unknown) => T): CheckedValue => {
    if (!Array.isArray(value) || value.length !== 2) bad('must be [from, to]');
    const [from, to] = (value as unknown[]).map(read) as [T, T];
    if (from > to) bad(`from (${from}) is after to (${to})`);
    return { kind: 'range', from, to };
  };
  const scalar = (v: string | number | boolean): CheckedValue => ({ kind: 'scalar', value: v });

  switch (field.type) {
    case 'text':
    case 'enum':
      if (op === 'in' || op === 'not_in') return { kind: 'list', values: list(text) };
      return scalar(text(value));
    case 'number':
      if (op === 'in' || op === 'not_in') return { kind: 'list', values: list(number) };
      if (op === 'between') return range(number);
      return scalar(number(value));
    case 'boolean':
      if (typeof value !== 'boolean') bad('must be true or false');
      return scalar(value as boolean);
    case 'timestamp':
      if (op === 'within_last_days' || op === 'more_than_days_ago') {
        if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_DAYS)
          bad(`must be a whole number of days from 1 to ${MAX_DAYS}`);
        return { kind: 'days', days: value as number };
      }
      if (op === 'between') return range(day);
      return scalar(day(value));
    case 'date':
      if (op === 'between') return range(day);
      return scalar(day(value));
    case 'set':
      return { kind: 'list', values: list(text) };
  }
}
