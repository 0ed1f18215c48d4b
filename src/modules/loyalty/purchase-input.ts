// Purchase input and its checks: amounts are integer minor units within sane bounds, the currency is the
// program's, the time is not in the future nor before 2000 (platform/event-time.ts).
import crypto from 'node:crypto';
import { checkEventTime } from '../../platform/event-time.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { PurchaseLine } from './rules/types.ts';

/** 10 million in major units (e.g. ₪10,000,000.00): above this a purchase is a data error, not a sale. */
export const MAX_ORDER_TOTAL = 1_000_000_000;
export const MAX_ITEMS = 500;
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export interface PurchaseInput {
  orderId: string;
  memberId: string;
  /** Minor units (agorot, cents). */
  total: number;
  currency: string;
  items?: PurchaseLine[] | undefined;
  channel?: string | undefined;
  storeId?: string | undefined;
  partnerId?: string | undefined;
  occurredAt?: Date | string | undefined;
}

export function checkPurchase(input: PurchaseInput, programCurrency: string, now: Date): Date {
  const bad = (code: string, message: string, details: Record<string, unknown> = {}) =>
    new AppError(code, 400, message, details);
  if (!Number.isSafeInteger(input.total) || input.total < 0 || input.total > MAX_ORDER_TOTAL) {
    throw bad(
      'invalid_amount',
      `total must be an integer number of minor units between 0 and ${MAX_ORDER_TOTAL}`,
      {
        total: input.total,
      },
    );
  }
  if (!CURRENCIES.has(input.currency))
    throw bad('invalid_currency', `Unknown currency "${input.currency}" (ISO 4217)`);
  if (input.currency !== programCurrency) {
    throw new AppError(
      'currency_mismatch',
      422,
      `This program keeps points in ${programCurrency}; the purchase is in ${input.currency}`,
      { expected: programCurrency, got: input.currency },
    );
  }
  const items = input.items ?? [];
  if (items.length > MAX_ITEMS) throw bad('too_many_items', `At most ${MAX_ITEMS} items per purchase`);
  for (const [i, item] of items.entries()) {
    const line = item.price * item.quantity;
    if (
      !Number.isSafeInteger(item.price) ||
      !Number.isSafeInteger(item.quantity) ||
      item.price < 0 ||
      item.quantity <= 0 ||
      line > MAX_ORDER_TOTAL
    ) {
      throw bad('invalid_amount', `items[${i}] has an impossible price or quantity`, { index: i });
    }
  }
  const occurredAt = input.occurredAt === undefined ? now : new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) throw bad('invalid_date', 'occurredAt is not a date');
  if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw bad('occurred_in_future', 'occurredAt is in the future', { occurredAt: occurredAt.toISOString() });
  }
  checkEventTime(occurredAt, now, 'occurredAt', FUTURE_TOLERANCE_MS);
  return occurredAt;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The purchase's own columns, as both ways of recording a purchase store them. */
export function purchaseColumns(programId: string, input: PurchaseInput, occurredAt: Date, hash: string) {
  return {
    program_id: programId,
    order_id: input.orderId,
    member_id: input.memberId,
    payload_hash: hash,
    total: input.total,
    currency: input.currency,
    channel: input.channel ?? null,
    store_id: input.storeId ?? null,
    partner_id: input.partnerId ?? null,
    occurred_at: occurredAt,
  };
}

/** The same order sent twice hashes the same, whatever the key order or the time notation. */
export function purchaseHash(input: PurchaseInput, occurredAt: Date): string {
  const normal = {
    ...input,
    occurredAt: input.occurredAt === undefined ? undefined : occurredAt.toISOString(),
  };
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(canonical(normal)))
    .digest('hex');
}
