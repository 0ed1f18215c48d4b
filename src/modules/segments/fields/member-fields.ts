// Fields on the member row itself, and one field per custom attribute in the program's attribute schema.
import { sql } from 'kysely';
import type { FieldFamily, SegmentField } from './field.ts';
import { defineField } from './field.ts';
import { jsonBoolean, jsonNumber, jsonText } from './sql.ts';

const column = (name: string) => ({ kind: 'column' as const, expr: sql.ref(`m.${name}`) });

const text = (key: string, label: string, name: string): SegmentField =>
  defineField({ key, group: 'member', label, type: 'text', source: () => column(name) });

export const memberFields: SegmentField[] = [
  text('member.first_name', 'First name', 'first_name'),
  text('member.last_name', 'Last name', 'last_name'),
  text('member.email', 'E-mail', 'email'),
  text('member.phone', 'Phone', 'phone'),
  text('member.external_id', 'External id', 'external_id'),
  text('member.locale', 'Language', 'locale'),
  text('member.time_zone', 'Time zone', 'time_zone'),
  text('member.source', 'Join source (admin, api, form, ingest, import)', 'source'),
  defineField({
    key: 'member.joined_at',
    group: 'member',
    label: 'Join date',
    type: 'timestamp',
    source: () => column('created_at'),
  }),
  defineField({
    key: 'member.birthday',
    group: 'member',
    label: 'Birthday',
    type: 'date',
    source: () => column('birthday'),
  }),
  defineField({
    key: 'member.birthday_month',
    group: 'member',
    label: 'Birthday month (1–12)',
    type: 'number',
    integer: true,
    minimum: 1,
    maximum: 12,
    source: () => ({ kind: 'column', expr: sql`cast(extract(month from m.birthday) as integer)` }),
  }),
  defineField({
    key: 'member.referrals',
    group: 'member',
    label: 'Members this member referred',
    type: 'number',
    integer: true,
    minimum: 0,
    unit: 'count',
    source: (ctx) => ({
      kind: 'aggregate',
      absent: 0,
      rows: sql`select r.referred_by as member_id, count(*) as v from members r
        where r.program_id = ${ctx.programId} and r.referred_by is not null and r.status = 'active'
        group by r.referred_by`,
    }),
  }),
];

/** `attribute.<name>` for each custom attribute, typed as the program's attribute schema says. */
export const attributeFields: FieldFamily = ({ attributeSchema }) =>
  Object.entries(attributeSchema).flatMap(([name, def]): SegmentField[] => {
    const attributes = sql.ref('m.attributes');
    const base = { key: `attribute.${name}`, group: 'attribute', label: name };
    switch (def.type) {
      case 'string':
        return [
          def.enum
            ? defineField({
                ...base,
                type: 'enum',
                options: def.enum,
                source: () => ({ kind: 'column', expr: jsonText(attributes, name) }),
              })
            : defineField({
                ...base,
                type: 'text',
                source: () => ({ kind: 'column', expr: jsonText(attributes, name) }),
              }),
        ];
      case 'integer':
      case 'number':
        return [
          defineField({
            ...base,
            type: 'number',
            integer: def.type === 'integer',
            source: () => ({ kind: 'column', expr: jsonNumber(attributes, name) }),
          }),
        ];
      case 'boolean':
        return [
          defineField({
            ...base,
            type: 'boolean',
            source: () => ({ kind: 'column', expr: jsonBoolean(attributes, name) }),
          }),
        ];
      case 'date':
        return [
          defineField({
            ...base,
            type: 'date',
            source: () => ({
              kind: 'column',
              expr: sql`(case when ${jsonText(attributes, name)} ~ '^\\d{4}-\\d{2}-\\d{2}$'
                then cast(${jsonText(attributes, name)} as date) end)`,
            }),
          }),
        ];
      default:
        return [];
    }
  });
