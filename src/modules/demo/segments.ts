// The demo club's saved segments, and e-mail consent for half the members so the consent rule has someone.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { recordConsent } from '../membership/index.ts';
import { createSegment, refreshSegment, segmentsModule } from '../segments/index.ts';
import { valueSegmentFields } from '../value/index.ts';

const condition = (field: string, op: string, value?: unknown, params?: Record<string, unknown>) => ({
  type: 'condition',
  field,
  op,
  ...(value === undefined ? {} : { value }),
  ...(params ? { params } : {}),
});

export const DEMO_SEGMENTS = [
  {
    name: 'Best customers who bought pastries, consented to e-mail, not seen in 30 days',
    description:
      "Champions, Loyal and Can't lose them (RFM) with a croissant in their history, for a win-back offer",
    rule: {
      type: 'and',
      rules: [
        condition('rfm.segment', 'in', ['champions', 'loyal', 'cant_lose']),
        condition('purchase.category', 'includes_any', ['pastry']),
        condition('consent.granted', 'is', true, { channel: 'email' }),
        condition('purchase.count', 'eq', 0, { days: 30 }),
      ],
    },
  },
  {
    name: 'Pastry lovers',
    description: 'Bought pastries at least twice',
    rule: {
      type: 'and',
      rules: [
        condition('purchase.category', 'includes_any', ['pastry']),
        condition('purchase.count', 'gte', 2),
      ],
    },
  },
  {
    name: 'Lapsed: no purchase in 90 days',
    description: 'Bought before, not in the last 90 days',
    rule: {
      type: 'and',
      rules: [condition('purchase.count', 'gte', 1), condition('purchase.count', 'eq', 0, { days: 90 })],
    },
  },
];

export async function seedDemoSegments(db: Db, clock: Clock, programId: string, memberIds: string[]) {
  for (const [i, memberId] of memberIds.entries()) {
    if (i % 2 === 0)
      await recordConsent(db, clock, {
        programId,
        memberId,
        channel: 'email',
        purpose: 'marketing',
        status: 'granted',
        source: 'import',
        textShown: 'Yes, send me the café news by e-mail',
      });
  }
  const deps = { db, clock, fields: segmentsModule(valueSegmentFields).fields };
  for (const segment of DEMO_SEGMENTS) {
    const created = await createSegment(deps, programId, segment);
    await refreshSegment(deps, programId, created.id);
  }
}
