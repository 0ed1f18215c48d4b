import { describe, expect, it } from 'vitest';
import { foldForSearch, likeContains, memberSearchText, planSearch } from './search.ts';

describe('foldForSearch', () => {
  it('ignores niqqud and Hebrew final forms', () => {
    expect(foldForSearch('דָּנָה כֹּהֵן')).toBe(foldForSearch('דנה כהן'));
    expect(foldForSearch('כהן').startsWith(foldForSearch('כהנ'))).toBe(true);
  });

  it('treats Arabic and Persian yeh/kaf alike and drops ZWNJ and harakat', () => {
    expect(foldForSearch('علي')).toBe(foldForSearch('علی'));
    expect(foldForSearch('كيان')).toBe(foldForSearch('کیان'));
    expect(foldForSearch('محمد‌رضا')).toBe(foldForSearch('محمدرضا'));
    expect(foldForSearch('مُحَمَّد')).toBe(foldForSearch('محمد'));
  });

  it('lower-cases, strips accents and converts Persian digits', () => {
    expect(foldForSearch('  José   ÁLVAREZ ')).toBe('jose alvarez');
    expect(foldForSearch('۱۲۳٤')).toBe('1234');
  });
});

describe('planSearch', () => {
  it('splits words and recognises phone-like queries without their trunk zero', () => {
    expect(planSearch('Dana Cohen')).toEqual({ tokens: ['dana', 'cohen'], exact: 'Dana Cohen' });
    expect(planSearch('050-123-4567').phoneDigits).toBe('501234567');
    expect(planSearch('+972 50 123').phoneDigits).toBe('97250123');
    expect(planSearch('۰۹۱۲ ۳۴۵').phoneDigits).toBe('912345');
    expect(planSearch('05').phoneDigits).toBeUndefined();
  });

  it('builds search text from names and e-mail', () => {
    expect(memberSearchText({ first_name: 'שִׁירָה', last_name: null, email: 'S@x.io' })).toBe('שירה s@x.io');
  });

  it('escapes LIKE wildcards', () => {
    expect(likeContains('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
