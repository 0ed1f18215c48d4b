// One line of a sales history file as data: the order it belongs to, who bought (if anyone), when (in the
// program's time zone when the file gives no offset), what, how many and for how much in minor units. Pure:
// no I/O; bad cells throw AppError with the code and the cell that goes into the error file.
import { Temporal } from 'temporal-polyfill';
import { AppError } from '../../platform/http/errors.ts';
import type { HistoryMapping, HistoryField } from './history-mapping.ts';
import { cleanCell } from './text.ts';

export type DateOrder = 'dmy' | 'mdy';

export interface HistoryLineContext {
  timeZone: string;
  /** The program currency: lines without a currency column are in it. */
  currency: string;
  /** How slashed dates are written: 01/02/2025 is 1 February (dmy, the default) or 2 January (mdy). */
  dateOrder: DateOrder;
  /** The order id marker of a cancellation ("C" in the public retail shape). */
  cancellationPrefix: string;
}

export interface HistoryLine {
  orderId: string;
  /** A cancellation: its order id starts with the marker, or the line names the order it undoes. */
  cancellation: boolean;
  /** The order a cancellation undoes: the mapped column, or its own id without the marker. */
  originalOrderId: string | null;
  customer: { externalId?: string; email?: string; phone?: string } | null;
  occurredAt: Date;
  sku: string | null;
  category: string | null;
  description: string | null;
  quantity: number;
  /** Minor units per unit (from the unit price, or the line total divided by the quantity). */
  unitPrice: number;
  /** Minor units, quantity × unit price, rounded; negative for returned goods. */
  lineTotal: number;
  currency: string;
  channel: string | null;
  store: string | null;
}

const bad = (code: string, field: string, raw: string, why: string) =>
  new AppError(code, 400, `${field} "${raw}" ${why}`, { field, value: raw });

const fractionDigits = new Map<string, number>();
function digitsOf(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** "2.55", "1,234.50", "2,55", "₪ 12" → a decimal as [sign, integer digits, fraction digits]. */
function decimal(raw: string, field: string): { negative: boolean; whole: string; fraction: string } {
  let text = cleanCell(raw).replace(/[\s\u00a0₪$€£﷼]/g, '');
  const negative = text.startsWith('-') || (text.startsWith('(') && text.endsWith(')'));
  text = text.replace(/^[-(]|\)$/g, '');
  if (text.includes('.') && text.includes(',')) text = text.replaceAll(',', '');
  else if (/^\d+,\d{1,2}$/.test(text)) text = text.replace(',', '.');
  else text = text.replace(/,(?=\d{3}(?:\D|$))/g, '');
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === '' && !m[2])) throw bad('invalid_amount', field, raw, 'is not a number');
  return { negative, whole: m[1] || '0', fraction: m[2] ?? '' };
}

/** A decimal amount in major units as integer minor units, rounded half away from zero. */
export function toMinorUnits(raw: string, currency: string, field = 'unit_price'): number {
  const { negative, whole, fraction } = decimal(raw, field);
  const digits = digitsOf(currency);
  const padded = fraction.padEnd(digits + 1, '0');
  let minor = Number(whole) * 10 ** digits + Number(padded.slice(0, digits) || '0');
  if (Number(padded[digits]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) throw bad('invalid_amount', field, raw, 'is too large');
  return negative ? -minor : minor;
}

function quantityOf(raw: string): number {
  const { negative, whole, fraction } = decimal(raw, 'quantity');
  const q = Number(`${whole}.${fraction || '0'}`);
  if (!Number.isFinite(q) || fraction.length > 3 || q > 1_000_000) {
    throw bad('invalid_amount', 'quantity', raw, 'is not a quantity');
  }
  return negative ? -q : q;
}

const DATE_TIME =
  /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses the order time; without an offset it is the wall-clock time in the program's zone. */
export function parseOrderTime(raw: string, ctx: Pick<HistoryLineContext, 'timeZone' | 'dateOrder'>): Date {
  const text = cleanCell(raw);
  const m = DATE_TIME.exec(text);
  if (!m) throw bad('invalid_date', 'occurred_at', raw, 'is not a date and time');
  const [a, b, c] = [m[1]!, m[2]!, m[3]!];
  let year: number, month: number, day: number;
  if (a.length === 4) [year, month, day] = [Number(a), Number(b), Number(c)];
  else if (c.length === 4 || c.length === 2) {
    year = c.length === 2 ? 2000 + Number(c) : Number(c);
    [day, month] = ctx.dateOrder === 'mdy' ? [Number(b), Number(a)] : [Number(a), Number(b)];
  } else throw bad('invalid_date', 'occurred_at', raw, 'is not a date and time');
  try {
    const local = new Temporal.PlainDateTime(
      year,
      month,
      day,
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      0,
      0,
      0,
    );
    // The constructor clamps nothing but PlainDate.from with 'reject' refuses 31 April.
    Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
    if (m[7]) {
      const offset = m[7].toUpperCase() === 'Z' ? '+00:00' : m[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
      return new Date(Temporal.Instant.from(`${local.toString()}${offset}`).epochMilliseconds);
    }
    return new Date(local.toZonedDateTime(ctx.timeZone).epochMilliseconds);
  } catch {
    throw bad('invalid_date', 'occurred_at', raw, 'is not a date that exists');
  }
}

/** Reads one record of a history file. The runner caches parsed times: the lines of an order share one. */
export function readHistoryLine(
  values: string[],
  mapping: HistoryMapping,
  ctx: HistoryLineContext,
  parseTime: (raw: string) => Date = (raw) => parseOrderTime(raw, ctx),
): HistoryLine {
  const cell = (field: HistoryField): string | null => {
    const index = mapping.columns[field];
    if (index === undefined) return null;
    const text = cleanCell(values[index] ?? '');
    return text === '' ? null : text;
  };
  const orderId = cell('order_id');
  if (!orderId) throw bad('invalid_value', 'order_id', '', 'is empty');
  const occurred = cell('occurred_at');
  if (!occurred) throw bad('invalid_date', 'occurred_at', '', 'is empty');
  const currency = (cell('currency') ?? ctx.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf('currency').includes(currency)) {
    throw bad('invalid_currency', 'currency', currency, 'is not an ISO 4217 currency');
  }
  const quantityCell = cell('quantity');
  const quantity = quantityCell === null ? 1 : quantityOf(quantityCell);
  if (quantity === 0) throw bad('invalid_amount', 'quantity', quantityCell ?? '', 'is zero');
  const priceCell = cell('unit_price');
  const totalCell = cell('line_total');
  let unitPrice: number;
  let lineTotal: number;
  if (priceCell !== null) {
    unitPrice = toMinorUnits(priceCell, currency, 'unit_price');
    lineTotal = Math.round(unitPrice * quantity);
  } else if (totalCell !== null) {
    lineTotal = toMinorUnits(totalCell, currency, 'line_total');
    // A return's total may be written negative or positive next to its negative quantity.
    if (quantity < 0 && lineTotal > 0) lineTotal = -lineTotal;
    unitPrice = Math.round(lineTotal / quantity);
  } else {
    throw bad('invalid_amount', 'unit_price', '', 'is empty');
  }
  const marked = ctx.cancellationPrefix !== '' && orderId.startsWith(ctx.cancellationPrefix);
  const original =
    cell('original_order_id') ?? (marked ? orderId.slice(ctx.cancellationPrefix.length) : null);
  // Negative lines in an ordinary order are goods returned at the till: they stay in the order, netted.
  const cancellation = marked || original !== null;
  const externalId = cell('customer_id');
  const email = cell('customer_email');
  const phone = cell('customer_phone');
  const customer =
    externalId || email || phone
      ? {
          ...(externalId ? { externalId } : {}),
          ...(email ? { email } : {}),
          ...(phone ? { phone } : {}),
        }
      : null;
  return {
    orderId,
    cancellation,
    originalOrderId: cancellation ? original : null,
    customer,
    occurredAt: parseTime(occurred),
    sku: cell('sku'),
    category: cell('category'),
    description: cell('description'),
    quantity,
    unitPrice,
    lineTotal,
    currency,
    channel: cell('channel'),
    store: cell('store'),
  };
}
