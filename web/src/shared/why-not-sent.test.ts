import { describe, expect, it } from 'vitest';
import { catalogues } from './i18n/catalogues.ts';
import { translate } from './i18n/index.tsx';
import { MESSAGE_OUTCOMES, WHY_NOT_SENT_REASONS, outcomeLabel, reasonLabel } from './why-not-sent.ts';

describe('why not sent', () => {
  it.each(['en', 'he', 'fa'] as const)(
    '%s has words for every reason and outcome, each its own',
    (locale) => {
      const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
        translate(locale, key, vars);
      const reasons = WHY_NOT_SENT_REASONS.map((r) => reasonLabel(t, r));
      expect(reasons.filter((words, i) => words === WHY_NOT_SENT_REASONS[i])).toEqual([]);
      expect(new Set(reasons).size).toBe(reasons.length);
      const outcomes = MESSAGE_OUTCOMES.map((o) => outcomeLabel(t, o));
      expect(outcomes.filter((words, i) => words === MESSAGE_OUTCOMES[i])).toEqual([]);
      for (const r of WHY_NOT_SENT_REASONS)
        expect(Object.keys(catalogues[locale])).toContain(`why.reason.${r}`);
    },
  );

  it('shows an unknown reason as its key, and no reason as a dash', () => {
    const t = (key: Parameters<typeof translate>[1]) => translate('he', key);
    expect(reasonLabel(t, 'some_new_reason')).toBe('some_new_reason');
    expect(reasonLabel(t, null)).toBe('—');
    expect(reasonLabel(t, 'frequency_cap')).toBe('הגיע למכסת ההודעות');
  });
});
