import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSmsSegments, estimateSmsCost } from './segments.ts';

const a = (n: number) => 'a'.repeat(n);
const grin = '\u{1F600}'; // 😀, outside the BMP: a surrogate pair

describe('countSmsSegments', () => {
  it.each([
    ['an empty text', '', 'gsm7', 0, 0],
    ['plain GSM-7', 'Hello, your code is 1234', 'gsm7', 24, 1],
    ['160 GSM-7 characters: one SMS', a(160), 'gsm7', 160, 1],
    ['161 GSM-7 characters: two parts of 153', a(161), 'gsm7', 161, 2],
    ['306 GSM-7 characters: two full parts', a(306), 'gsm7', 306, 2],
    ['307 GSM-7 characters: three parts', a(307), 'gsm7', 307, 3],
    ['every extension character counts two', '^{}\\[~]|€', 'gsm7', 18, 1],
    ['80 euro signs fill one SMS', '€'.repeat(80), 'gsm7', 160, 1],
    ['159 letters and a euro sign overflow', a(159) + '€', 'gsm7', 161, 2],
    ['GSM-7 letters outside ASCII stay GSM-7', 'Ça coute 5£ à Zürich? ¡Sì! Ä Ö Ñ Ü ß', 'gsm7', 36, 1],
    ['Hebrew is UCS-2', 'שלום', 'ucs2', 4, 1],
    ['70 Hebrew letters: one SMS', 'א'.repeat(70), 'ucs2', 70, 1],
    ['71 Hebrew letters: two parts of 67', 'א'.repeat(71), 'ucs2', 71, 2],
    ['Persian is UCS-2', 'سلام، امتیاز شما ۱۲۰ است', 'ucs2', 24, 1],
    ['an emoji is two UCS-2 units', grin, 'ucs2', 2, 1],
    ['35 emoji fill one SMS', grin.repeat(35), 'ucs2', 70, 1],
    ['one Hebrew letter makes a GSM-7 text UCS-2', a(100) + 'ש', 'ucs2', 101, 2],
  ])('%s', (_name, text, encoding, units, segments) => {
    const count = countSmsSegments(text);
    expect(count).toMatchObject({ encoding, units, segments });
  });

  it('accented letters the table lacks make it UCS-2, and are named', () => {
    expect(countSmsSegments('Ça coûte, sí').nonGsmCharacters).toEqual(['û', 'í']); // the table has ù and ì
    expect(countSmsSegments('ça').encoding).toBe('ucs2'); // lower-case ç is not in the table; Ç is
  });

  it('never splits an escape pair across parts', () => {
    // 152 letters, then "€" (escape + e) does not fit in part one's last septet: it opens part two.
    const text = a(152) + '€' + a(152);
    expect(Math.ceil(306 / 153)).toBe(2); // what dividing the septets would claim
    expect(countSmsSegments(text)).toMatchObject({
      units: 306,
      segments: 3,
      perSegment: 153,
      remaining: 152,
    });
  });

  it('never splits a surrogate pair across parts', () => {
    // 67 emoji = 134 units, but a part of 67 units holds only 33 of them.
    expect(countSmsSegments(grin.repeat(67))).toMatchObject({
      encoding: 'ucs2',
      units: 134,
      segments: 3,
      perSegment: 67,
      remaining: 65,
    });
  });

  it('says what room is left and which characters forced UCS-2', () => {
    expect(countSmsSegments('Hi')).toMatchObject({ perSegment: 160, remaining: 158, nonGsmCharacters: [] });
    expect(countSmsSegments('שלום שלום ' + grin)).toMatchObject({
      perSegment: 70,
      remaining: 58,
      nonGsmCharacters: ['ש', 'ל', 'ו', 'ם', grin],
    });
  });

  it('counts plain GSM-7 texts by dividing by 153 once past 160', () => {
    fc.assert(
      fc.property(fc.integer({ min: 161, max: 2000 }), (n) => {
        expect(countSmsSegments(a(n)).segments).toBe(Math.ceil(n / 153));
      }),
    );
  });

  it('every part holds at most its capacity, and no fewer parts would do', () => {
    const piece = fc.constantFrom('a', '€', '{', 'ש', 'ی', grin, ' ', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (pieces) => {
        const c = countSmsSegments(pieces.join(''));
        if (c.units === 0) {
          expect(c.segments).toBe(0);
          return;
        }
        const lower = c.units <= (c.encoding === 'gsm7' ? 160 : 70) ? 1 : Math.ceil(c.units / c.perSegment);
        expect(c.segments).toBeGreaterThanOrEqual(lower);
        expect(c.remaining).toBeGreaterThanOrEqual(0);
        expect(c.remaining).toBeLessThan(c.perSegment);
      }),
    );
  });
});

describe('estimateSmsCost', () => {
  it('is the segments times the price of one', () => {
    expect(estimateSmsCost('א'.repeat(71), 9)).toMatchObject({ segments: 2, costMinor: 18 });
    expect(estimateSmsCost('', 9).costMinor).toBe(0);
  });
});
