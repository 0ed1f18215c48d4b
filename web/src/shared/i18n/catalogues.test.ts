import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogues } from './catalogues.ts';
import { isolate } from '../format.ts';
import { translate } from './index.tsx';

/** The argument names an ICU message uses (plural/select branches included). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (node.value !== undefined && node.type !== 0 && node.type !== 7) names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

describe('translation catalogues', () => {
  const reference = Object.keys(catalogues.en).sort();

  it.each(['he', 'fa'] as const)('%s has exactly the English keys, none empty', (locale) => {
    const catalogue = catalogues[locale];
    expect(Object.keys(catalogue).sort()).toEqual(reference);
    expect(Object.entries(catalogue).filter(([, text]) => text.trim() === '')).toEqual([]);
  });

  it.each(['en', 'he', 'fa'] as const)(
    '%s: every message is valid ICU with the English arguments',
    (locale) => {
      for (const key of reference) {
        const k = key as keyof typeof catalogues.en;
        expect([key, argumentsOf(catalogues[locale][k])]).toEqual([key, argumentsOf(catalogues.en[k])]);
      }
    },
  );

  it('applies each language plural rules', () => {
    expect(translate('en', 'lists.subscribedCount', { count: 1 })).toBe('1 subscribed');
    expect(translate('en', 'portal.pending', { points: 1 })).toBe('1 point pending');
    expect(translate('en', 'portal.pending', { points: 2 })).toBe('2 points pending');
    expect(translate('he', 'portal.pending', { points: 1 })).toBe('נקודה אחת ממתינה');
    expect(translate('he', 'portal.pending', { points: 2 })).toBe('2 נקודות ממתינות');
    expect(translate('fa', 'portal.pending', { points: 1250 })).toBe('۱٬۲۵۰ امتیاز در انتظار');
    // A plain number argument is in the language's digits too (page counters).
    expect(translate('fa', 'table.page', { page: 3 })).toBe('صفحهٔ ۳');
  });

  it('isolates every plain argument in a right-to-left sentence', () => {
    // "-50" after Hebrew words showed as "50-"; in its isolate the minus stays before the digits.
    const hint = translate('he', 'adjust.pointsHint', { example: '-50' });
    expect(hint).toBe(`מספר שלילי מוריד נקודות, למשל ${isolate('-50')}`);
    // A Latin name between Hebrew quotation marks: the marks stay outside the isolate, in the sentence's order.
    expect(translate('he', 'rule.edit', { name: 'Double points' })).toBe(
      `עריכת „${isolate('Double points')}”`,
    );
    expect(translate('fa', 'rule.edit', { name: 'Double points' })).toBe(
      `ویرایش «${isolate('Double points')}»`,
    );
    // Already isolated values are not wrapped twice; English sentences are left as they are.
    expect(translate('he', 'rule.edit', { name: isolate('x') })).toBe(`עריכת „${isolate('x')}”`);
    expect(translate('en', 'rule.edit', { name: 'כפול' })).not.toContain('\u2068');
  });
});
