// Track events (the ingest module's events table, read-only): how often a member did X in a window, with
// filters on the event's properties, and when they last did it.
import { sql } from 'kysely';
import { Type } from 'typebox';
import { StringEnum } from '../../../platform/http/schemas.ts';
import { daysBefore } from '../rules/operators.ts';
import type { CompileContext, Sql } from '../rules/types.ts';
import { defineField, type SegmentField } from './field.ts';
import { jsonGet, jsonText } from './sql.ts';

const PROPERTY_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;
type PropertyOp = (typeof PROPERTY_OPS)[number];

const EventParams = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'The track event name, e.g. Product Viewed',
    }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500 })),
    where: Type.Optional(
      Type.Array(
        Type.Object(
          {
            property: Type.String({ minLength: 1, maxLength: 100 }),
            op: StringEnum(PROPERTY_OPS),
            value: Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
  },
  { additionalProperties: false },
);

interface PropertyFilter {
  property: string;
  op: PropertyOp;
  value: string | number | boolean;
}
interface EventParams {
  name: string;
  days?: number;
  where?: PropertyFilter[];
}

const SQL_COMPARE: Record<'gt' | 'gte' | 'lt' | 'lte', Sql> = {
  gt: sql`>`,
  gte: sql`>=`,
  lt: sql`<`,
  lte: sql`<=`,
};

/** A property filter as SQL on `e.properties`; values are compared as JSON, so a text "5" is not the number 5. */
function propertyFilter(f: PropertyFilter): Sql {
  const prop = jsonGet(sql.ref('e.properties'), f.property);
  const json = sql`cast(${JSON.stringify(f.value)} as jsonb)`;
  switch (f.op) {
    case 'eq':
      return sql`${prop} = ${json}`;
    case 'neq':
      return sql`${prop} is distinct from ${json}`;
    case 'contains':
      return sql`strpos(lower(${jsonText(sql.ref('e.properties'), f.property)}), lower(${String(f.value)})) > 0`;
    default:
      // jsonb orders numbers numerically; the type check keeps text and booleans out of numeric comparisons.
      return sql`jsonb_typeof(${prop}) = 'number' and ${prop} ${SQL_COMPARE[f.op]} ${json}`;
  }
}

function matchingEvents(ctx: CompileContext, p: EventParams): Sql {
  const since = p.days === undefined ? sql`` : sql` and e.occurred_at >= ${daysBefore(ctx, p.days)}`;
  const filters = (p.where ?? []).map((f) => sql` and ${propertyFilter(f)}`);
  return sql`e.program_id = ${ctx.programId} and e.type = 'track' and e.name = ${p.name}
    and e.member_id is not null${since}${sql.join(filters, sql``)}`;
}

export const eventFields: SegmentField[] = [
  defineField<EventParams>({
    key: 'event.count',
    group: 'events',
    label: 'Times did event (in the last N days, with property filters)',
    type: 'number',
    integer: true,
    minimum: 0,
    unit: 'count',
    params: EventParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: 0,
      rows: sql`select e.member_id, count(*) as v from events e where ${matchingEvents(ctx, p)}
        group by e.member_id`,
    }),
  }),
  defineField<EventParams>({
    key: 'event.last_at',
    group: 'events',
    label: 'Last did event',
    type: 'timestamp',
    params: EventParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: null,
      rows: sql`select e.member_id, max(e.occurred_at) as v from events e where ${matchingEvents(ctx, p)}
        group by e.member_id`,
    }),
  }),
];
