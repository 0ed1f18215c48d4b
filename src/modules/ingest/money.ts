// Segment sends money as decimal numbers (59.9) or strings ("59.90"). We keep integer minor units, converted
// from the decimal text — never by float multiplication, where 1.005 * 100 = 100.49999999999999.
import { AppError } from '../../platform/http/errors.ts';

/** Above this an amount is a data error, not a sale (10 million in a two-digit currency). */
export const MAX_MINOR_UNITS = 1_000_000_000;

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const DECIMAL = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** How many digits the currency's minor unit has (ILS 2, JPY 0, KWD 3), as CLDR says. */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

function invalid(field: string, value: unknown, problem: string): AppError {
  return new AppError('invalid_amount', 400, `${field} ${problem}`, { field, value });
}

/**
 * A non-negative decimal amount → integer minor units of `currency`. Digits beyond the minor unit are rounded
 * half up on the decimal text (19.989999999999998 → 1999), so float noise from the sender does not reject a sale.
 */
export function toMinorUnits(value: unknown, currency: string, field: string): number {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(field, String(value), 'must be a finite number');
    // String(n) is the shortest text that reads back as n: exactly what the sender wrote, for sane inputs.
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw invalid(field, value, 'must be a number');
  }
  if (text.startsWith('-') && !/^-0*(\.0*)?$/.test(text)) throw invalid(field, value, 'must not be negative');
  const match = DECIMAL.exec(text.replace(/^-/, ''));
  if (!match) throw invalid(field, value, 'is not a decimal number');
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const exp = Number(exponent);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 100) throw invalid(field, value, 'is out of range');
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  // Position of the decimal point within `digits` once scaled to minor units.
  const point = digits.length - fraction.length + exp + minorUnitDigits(currency);
  let units: bigint;
  let roundUp = false;
  if (point <= 0) {
    units = 0n;
    roundUp = point === 0 && (digits[0] ?? '0') >= '5';
  } else if (point >= digits.length) {
    units = BigInt(digits + '0'.repeat(point - digits.length));
  } else {
    units = BigInt(digits.slice(0, point));
    roundUp = (digits[point] ?? '0') >= '5';
  }
  if (roundUp) units += 1n;
  if (units > BigInt(MAX_MINOR_UNITS)) {
    throw invalid(field, value, `is more than ${MAX_MINOR_UNITS} minor units of ${currency}`);
  }
  return Number(units);
}
