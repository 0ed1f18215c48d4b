import { describe, expect, it } from 'vitest';
import { defaultPrefs, formatMoney, type Locale } from './format.ts';
import { missingMessages, translate } from './i18n/index.tsx';
import { ledgerSentence } from './ledger.ts';

const i18n = (locale: Locale) => ({
  t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
    translate(locale, key, vars),
  money: (minor: number | null | undefined, currency: string) =>
    formatMoney(minor, currency, defaultPrefs(locale)),
});
const plain = (s: string) => s.replace(/[\u2068\u2069\u200e\u200f\u061c]/g, '');

describe('ledger lines as sentences', () => {
  it('words purchases, refunds, bonuses and expiry instead of the internal reason', () => {
    const purchase = {
      kind: 'earn',
      reason: 'purchase demo-0021-1',
      details: { orderId: '0021', total: 4200 },
    };
    expect(plain(ledgerSentence(i18n('en'), purchase, 'ILS'))).toBe('Purchase #0021 · ₪42.00');
    expect(plain(ledgerSentence(i18n('he'), purchase, 'ILS'))).toMatch(/^רכישה #0021 · 42\.00\s₪$/);
    const signup = { kind: 'earn', reason: 'event signup', details: { event: 'signup' } };
    expect(plain(ledgerSentence(i18n('he'), signup, 'ILS'))).toBe('בונוס: בהצטרפות למועדון');
    expect(plain(ledgerSentence(i18n('fa'), signup, 'ILS'))).toBe('جایزه: هنگام پیوستن به باشگاه');
    const refund = { kind: 'reverse', reason: 'refund of 0021', details: { orderId: '0021', amount: 1000 } };
    expect(plain(ledgerSentence(i18n('fa'), refund, 'ILS'))).toBe('بازپرداخت خرید #0021');
    expect(ledgerSentence(i18n('he'), { kind: 'expire', reason: 'lot expired' }, 'ILS')).toBe(
      'תוקף הנקודות פג',
    );
    // What staff typed stays as written.
    expect(ledgerSentence(i18n('he'), { kind: 'adjust', reason: 'פיצוי על עיכוב' }, 'ILS')).toBe(
      'פיצוי על עיכוב',
    );
    expect(missingMessages).toEqual([]);
  });
});
