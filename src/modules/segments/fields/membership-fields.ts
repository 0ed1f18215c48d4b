// Consent per channel and purpose, list subscriptions and tags (the membership module's tables, read-only).
import { sql } from 'kysely';
import { Type } from 'typebox';
import { StringEnum } from '../../../platform/http/schemas.ts';
import { defineField, type SegmentField } from './field.ts';

const ConsentParams = Type.Object(
  {
    channel: StringEnum(['email', 'sms', 'phone'] as const),
    purpose: StringEnum(['marketing', 'service'] as const, { default: 'marketing' }),
  },
  { additionalProperties: false },
);

export const membershipFields: SegmentField[] = [
  defineField<{ channel: string; purpose: string }>({
    key: 'consent.granted',
    group: 'consent',
    label: 'Consent granted (channel, purpose)',
    type: 'boolean',
    params: ConsentParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: false,
      rows: sql`select c.member_id, true as v from current_consents c
        where c.program_id = ${ctx.programId} and c.channel = ${p.channel} and c.purpose = ${p.purpose}
          and c.status = 'granted'`,
    }),
  }),
  defineField({
    key: 'list.subscribed',
    group: 'lists',
    label: 'Subscribed to list (list ids)',
    type: 'set',
    source: (ctx) => ({
      kind: 'set',
      rows: sql`select l.member_id, cast(l.list_id as text) as element from list_members l
        where l.program_id = ${ctx.programId} and l.status = 'subscribed'`,
    }),
  }),
  defineField({
    key: 'tag.has',
    group: 'lists',
    label: 'Tags',
    type: 'set',
    source: (ctx) => ({
      kind: 'set',
      rows: sql`select t.member_id, t.tag as element from member_tags t where t.program_id = ${ctx.programId}`,
    }),
  }),
];
