// Tier and points from the loyalty module's account and lot tables (read-only).
import { sql } from 'kysely';
import { Type } from 'typebox';
import { DAY_MS } from '../../../platform/clock.ts';
import { defineField, type SegmentField } from './field.ts';

const account = (key: string, label: string, column: string): SegmentField =>
  defineField({
    key,
    group: 'loyalty',
    label,
    type: 'number',
    integer: true,
    unit: 'points',
    source: (ctx) => ({
      kind: 'aggregate',
      absent: 0,
      rows: sql`select a.member_id, ${sql.ref(`a.${column}`)} as v from loyalty_accounts a
        where a.program_id = ${ctx.programId}`,
    }),
  });

export const loyaltyFields: SegmentField[] = [
  defineField({
    key: 'loyalty.tier',
    group: 'loyalty',
    label: 'Tier (key)',
    type: 'text',
    source: (ctx) => ({
      kind: 'aggregate',
      absent: null,
      rows: sql`select a.member_id, a.tier_key as v from loyalty_accounts a where a.program_id = ${ctx.programId}`,
    }),
  }),
  account('loyalty.points_available', 'Points available', 'available'),
  account('loyalty.points_pending', 'Points pending', 'pending'),
  account('loyalty.points_lifetime', 'Points earned ever', 'lifetime_earned'),
  defineField<{ days: number }>({
    key: 'loyalty.points_expiring',
    group: 'loyalty',
    label: 'Points expiring within N days',
    type: 'number',
    integer: true,
    unit: 'points',
    params: Type.Object(
      { days: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }) },
      { additionalProperties: false },
    ),
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: 0,
      rows: sql`select l.member_id, sum(l.remaining) as v from loyalty_lots l
        where l.program_id = ${ctx.programId} and l.remaining > 0 and l.expires_at is not null
          and l.expires_at < ${new Date(ctx.now.getTime() + p.days * DAY_MS)}
        group by l.member_id`,
    }),
  }),
];
