import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  codeBits,
  displayCouponCode,
  generateCouponCode,
  normaliseCouponCode,
} from './codes.ts';

describe('coupon codes', () => {
  it('are grouped, use no ambiguous symbols and carry at least 60 bits by default', () => {
    const code = generateCouponCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(codeBits(15)).toBeGreaterThan(74);
    expect(codeBits(12)).toBeLessThan(60);
  });

  it('refuse a shape below 60 bits and accept a prefix', () => {
    expect(() => generateCouponCode({ length: 12 })).toThrow('code_too_short');
    expect(generateCouponCode({ prefix: 'cafe', length: 16, groupSize: 4 })).toMatch(
      /^CAFE(-[2-9A-HJKMNP-Z]{4}){4}$/,
    );
    expect(() => generateCouponCode({ prefix: 'קפה' })).toThrow('invalid_prefix');
  });

  it('draw every symbol about equally often (no modulo bias) and never repeat in 20,000', () => {
    const counts = new Map<string, number>();
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const code = generateCouponCode();
      seen.add(code);
      for (const ch of code.replace(/-/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(seen.size).toBe(20_000);
    expect(counts.size).toBe(CODE_ALPHABET.length);
    const expected = (20_000 * 15) / CODE_ALPHABET.length;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.06);
  });

  it('normalise any case, spaces and dashes to one key and reject garbage', () => {
    const code = generateCouponCode({ prefix: 'CAFE' });
    const key = code.replace(/-/g, '');
    expect(normaliseCouponCode(code)).toEqual({ ok: true, code: key });
    expect(normaliseCouponCode(` ${code.toLowerCase().replace(/-/g, ' - ')} `)).toEqual({
      ok: true,
      code: key,
    });
    // Full-width digits and letters (a phone keyboard) and a typographic dash fold to the same key.
    expect(normaliseCouponCode('ＡＢ２３–cd45')).toEqual({ ok: true, code: 'AB23CD45' });
    for (const garbage of ['', '   ', 'ab', 'DROP TABLE;', 'קוד-1234', 'A'.repeat(65), '12<3456']) {
      expect(normaliseCouponCode(garbage)).toEqual({ ok: false, reason: 'malformed_code' });
    }
  });

  it('display a stored key grouped again, prefix first', () => {
    expect(displayCouponCode('CAFE7KQ2MX9HTR4WB3P', 'CAFE')).toBe('CAFE-7KQ2M-X9HTR-4WB3P');
    expect(displayCouponCode('7KQ2MX9HTR4WB3P')).toBe('7KQ2M-X9HTR-4WB3P');
  });
});
