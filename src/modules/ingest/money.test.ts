import { describe, expect, it } from 'vitest';
import { MAX_MINOR_UNITS, minorUnitDigits, toMinorUnits } from './money.ts';

const ils = (v: unknown) => toMinorUnits(v, 'ILS', 'total');

describe('toMinorUnits', () => {
  it('converts decimal numbers and strings exactly', () => {
    expect(ils(59.9)).toBe(5990);
    expect(ils('59.90')).toBe(5990);
    expect(ils(1.005)).toBe(101); // 1.005 * 100 is 100.49999999999999 in floats
    expect(ils(0.07)).toBe(7); // 0.07 * 100 is 7.000000000000001
    expect(ils(4.35)).toBe(435); // 4.35 * 100 is 434.99999999999994
    expect(ils(0)).toBe(0);
    expect(ils(-0)).toBe(0);
    expect(ils(100)).toBe(10000);
    expect(ils('  12 ')).toBe(1200);
    expect(ils('12.')).toBe(1200);
  });

  it('rounds float noise and extra digits half up on the decimal text', () => {
    expect(ils(0.1 + 0.2)).toBe(30);
    expect(ils(19.989999999999998)).toBe(1999);
    expect(ils('0.005')).toBe(1);
    expect(ils('0.0049')).toBe(0);
    expect(ils(1e-7)).toBe(0);
    expect(ils(5e-3)).toBe(1);
  });

  it('follows the currency minor unit', () => {
    expect(minorUnitDigits('ILS')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(toMinorUnits(1500, 'JPY', 'total')).toBe(1500);
    expect(toMinorUnits(1499.5, 'JPY', 'total')).toBe(1500);
    expect(toMinorUnits(1.234, 'KWD', 'total')).toBe(1234);
    expect(toMinorUnits(1e3, 'USD', 'total')).toBe(100000);
  });

  it('rejects NaN, infinities, negatives, non-numbers and absurd amounts', () => {
    for (const bad of [NaN, Infinity, -1, -0.01, '-5', 'NaN', 'abc', '1,5', '', null, true, {}, [], '0x10']) {
      expect(() => ils(bad), String(bad)).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    }
    expect(ils(MAX_MINOR_UNITS / 100)).toBe(MAX_MINOR_UNITS);
    expect(() => ils(MAX_MINOR_UNITS / 100 + 0.01)).toThrow(/more than/);
    expect(() => ils(1e21)).toThrow(/more than/);
    expect(() => ils('1e400')).toThrow(/out of range/);
  });
});
