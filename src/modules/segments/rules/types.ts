// A segment is a rule tree: groups (and / or / not) over conditions. A condition names a field, an operator
// allowed for the field's value type, a value, and the field's own parameters (a window, an event name …).
import type { RawBuilder } from 'kysely';

export type RuleNode = GroupNode | NotNode | ConditionNode;

export interface GroupNode {
  type: 'and' | 'or';
  rules: RuleNode[];
}

export interface NotNode {
  type: 'not';
  rule: RuleNode;
}

export interface ConditionNode {
  type: 'condition';
  /** A field key from the registry, e.g. `member.locale`, `purchase.spend`, `attribute.city`. */
  field: string;
  op: Operator;
  /** Absent for operators without a value (is_set, is_not_set). */
  value?: unknown;
  /** The field's parameters (its window, event name, consent channel …); validated by the field. */
  params?: Record<string, unknown>;
}

/** What a field's values are; the type decides which operators apply and what a value must look like. */
export type ValueType = 'text' | 'number' | 'enum' | 'boolean' | 'timestamp' | 'date' | 'set';

export const OPERATORS = {
  text: ['eq', 'neq', 'in', 'not_in', 'contains', 'starts_with', 'is_set', 'is_not_set'],
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set'],
  enum: ['eq', 'neq', 'in', 'not_in', 'is_set', 'is_not_set'],
  boolean: ['is'],
  timestamp: ['before', 'after', 'between', 'within_last_days', 'more_than_days_ago', 'is_set', 'is_not_set'],
  date: ['eq', 'before', 'after', 'between', 'is_set', 'is_not_set'],
  set: ['includes_any', 'includes_all', 'includes_none'],
} as const satisfies Record<ValueType, readonly string[]>;

export type Operator = (typeof OPERATORS)[ValueType][number];

/** A checked value, in the form the SQL builder needs. */
export type CheckedValue =
  | { kind: 'none' }
  | { kind: 'scalar'; value: string | number | boolean }
  | { kind: 'list'; values: (string | number)[] }
  | { kind: 'range'; from: string | number; to: string | number }
  | { kind: 'days'; days: number };

/** What a compiled condition may depend on: the program, its zone and currency, and the moment of evaluation. */
export interface CompileContext {
  programId: string;
  timeZone: string;
  currency: string;
  /** Evaluation time from the clock: relative windows ("last 30 days") count back from here. */
  now: Date;
  attributeSchema: Record<string, { type: string; enum?: string[] }>;
}

export type Sql = RawBuilder<unknown>;

/**
 * How a field's values reach SQL. The member row is aliased `m`.
 * - column: a value expression on the member row (null when absent).
 * - aggregate: a query over another table yielding `(member_id, v)`, one row per member that has rows; members
 *   without rows have `absent` (0 for counts and sums, null for times, false for flags).
 * - set: a query yielding `(member_id, element)` rows, e.g. the tags a member carries.
 */
export type FieldSource =
  | { kind: 'column'; expr: Sql }
  | { kind: 'aggregate'; rows: Sql; absent: number | boolean | null }
  | { kind: 'set'; rows: Sql };
