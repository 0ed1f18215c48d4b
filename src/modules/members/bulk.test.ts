import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './bulk.ts';

describe('time-ordered member ids for bulk creation', () => {
  it('are UUID version 7 with the creation time first, so later ids sort after earlier ones', () => {
    const a = timeOrderedUuid(new Date('2026-12-01T10:00:00.000Z'));
    const b = timeOrderedUuid(new Date('2026-12-01T10:00:00.001Z'));
    for (const id of [a, b])
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.replace(/-/g, '').slice(0, 12)).toBe(
      Date.parse('2026-12-01T10:00:00.000Z').toString(16).padStart(12, '0'),
    );
    expect(a < b).toBe(true);
    expect(timeOrderedUuid(new Date(0))).not.toBe(timeOrderedUuid(new Date(0)));
  });
});
