// Operators as SQL over a value expression, and the same operators evaluated in JS on the value a member has
// when a table holds no rows for it (0 purchases, no last purchase), which decides how an aggregate is joined.
import { sql } from 'kysely';
import { DAY_MS } from '../../../platform/clock.ts';
import type { CheckedValue, CompileContext, Operator, Sql, ValueType } from './types.ts';

/** The instant a local calendar day starts in the program's zone. */
const startOfDay = (day: string, ctx: CompileContext) =>
  sql`(cast(${day} as timestamp) at time zone ${ctx.timeZone})`;
const startOfNextDay = (day: string, ctx: CompileContext) =>
  sql`((cast(${day} as date) + 1)::timestamp at time zone ${ctx.timeZone})`;

export const daysBefore = (ctx: CompileContext, days: number) => new Date(ctx.now.getTime() - days * DAY_MS);

function scalar(v: CheckedValue): string | number | boolean {
  if (v.kind !== 'scalar') throw new Error(`expected a scalar value, got ${v.kind}`);
  return v.value;
}
function values(v: CheckedValue): (string | number)[] {
  if (v.kind !== 'list') throw new Error(`expected a list value, got ${v.kind}`);
  return v.values;
}
function range(v: CheckedValue): { from: string | number; to: string | number } {
  if (v.kind !== 'range') throw new Error(`expected a range value, got ${v.kind}`);
  return v;
}
function days(v: CheckedValue): number {
  if (v.kind !== 'days') throw new Error(`expected days, got ${v.kind}`);
  return v.days;
}

/**
 * The predicate `x <op> value` for a scalar field type. `neq` and `not_in` count a missing value as different
 * ("locale is not he" includes members without a locale).
 */
export function predicate(type: ValueType, op: Operator, x: Sql, v: CheckedValue, ctx: CompileContext): Sql {
  const list = () => sql.join(values(v).map((item) => sql`${item}`));
  if (op === 'is_set') return sql`(${x} is not null)`;
  if (op === 'is_not_set') return sql`(${x} is null)`;
  if (type === 'timestamp') {
    switch (op) {
      case 'before':
        return sql`(${x} < ${startOfDay(String(scalar(v)), ctx)})`;
      case 'after':
        return sql`(${x} >= ${startOfNextDay(String(scalar(v)), ctx)})`;
      case 'between': {
        const r = range(v);
        return sql`(${x} >= ${startOfDay(String(r.from), ctx)} and ${x} < ${startOfNextDay(String(r.to), ctx)})`;
      }
      case 'within_last_days':
        return sql`(${x} >= ${daysBefore(ctx, days(v))})`;
      case 'more_than_days_ago':
        return sql`(${x} < ${daysBefore(ctx, days(v))})`;
    }
  }
  if (type === 'date') {
    const d = (s: string | number | boolean) => sql`cast(${String(s)} as date)`;
    switch (op) {
      case 'eq':
        return sql`(${x} = ${d(scalar(v))})`;
      case 'before':
        return sql`(${x} < ${d(scalar(v))})`;
      case 'after':
        return sql`(${x} > ${d(scalar(v))})`;
      case 'between':
        return sql`(${x} between ${d(range(v).from)} and ${d(range(v).to)})`;
    }
  }
  switch (op) {
    case 'eq':
      return sql`(${x} = ${scalar(v)})`;
    case 'neq':
      return sql`(${x} is distinct from ${scalar(v)})`;
    case 'in':
      return sql`(${x} in (${list()}))`;
    case 'not_in':
      return sql`(${x} is null or ${x} not in (${list()}))`;
    case 'contains':
      return sql`(strpos(lower(${x}), lower(${scalar(v)})) > 0)`;
    case 'starts_with':
      return sql`starts_with(lower(${x}), lower(${scalar(v)}))`;
    case 'gt':
      return sql`(${x} > ${scalar(v)})`;
    case 'gte':
      return sql`(${x} >= ${scalar(v)})`;
    case 'lt':
      return sql`(${x} < ${scalar(v)})`;
    case 'lte':
      return sql`(${x} <= ${scalar(v)})`;
    case 'between':
      return sql`(${x} between ${range(v).from} and ${range(v).to})`;
    case 'is':
      return scalar(v) === true ? sql`(${x} is true)` : sql`(${x} is not true)`;
  }
  throw new Error(`operator ${op} has no SQL for ${type}`);
}

/** Whether a member without rows (its value `absent`) satisfies the condition — the same rules as the SQL. */
export function holdsForAbsent(op: Operator, v: CheckedValue, absent: number | boolean | null): boolean {
  if (op === 'is_not_set') return absent === null;
  if (op === 'is_set') return absent !== null;
  if (absent === null) return op === 'neq' || op === 'not_in';
  const n = absent as number;
  switch (op) {
    case 'is':
      return scalar(v) === absent;
    case 'eq':
      return scalar(v) === absent;
    case 'neq':
      return scalar(v) !== absent;
    case 'in':
      return values(v).includes(absent as number);
    case 'not_in':
      return !values(v).includes(absent as number);
    case 'gt':
      return n > (scalar(v) as number);
    case 'gte':
      return n >= (scalar(v) as number);
    case 'lt':
      return n < (scalar(v) as number);
    case 'lte':
      return n <= (scalar(v) as number);
    case 'between':
      return n >= (range(v).from as number) && n <= (range(v).to as number);
    default:
      return false;
  }
}
