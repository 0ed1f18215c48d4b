import { describe, expect, it } from 'vitest';
import { catalogues } from './catalogues.ts';

describe('translation catalogues', () => {
  const reference = Object.keys(catalogues.en).sort();

  it.each(['he', 'fa'] as const)('%s has exactly the English keys, none empty', (locale) => {
    const catalogue = catalogues[locale];
    expect(Object.keys(catalogue).sort()).toEqual(reference);
    expect(Object.entries(catalogue).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it.each(['he', 'fa'] as const)('%s keeps every {placeholder} of the English text', (locale) => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of reference) {
      const k = key as keyof typeof catalogues.en;
      expect([key, placeholders(catalogues[locale][k])]).toEqual([key, placeholders(catalogues.en[k])]);
    }
  });
});
