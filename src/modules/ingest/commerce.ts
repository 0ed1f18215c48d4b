// Segment's e-commerce spec (https://segment.com/docs/connections/spec/ecommerce/v2/) → purchases and refunds.
// Pure: the caller passes the program's currency.
import { AppError } from '../../platform/http/errors.ts';
import { isCurrency, toMinorUnits } from './money.ts';

export const ORDER_COMPLETED = 'Order Completed';
export const ORDER_REFUNDED = 'Order Refunded';
export const MAX_PRODUCTS = 500;

export interface OrderLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  /** Unit price in minor units. */
  price: number;
}

export interface CompletedOrder {
  orderId: string;
  /** Minor units. */
  total: number;
  currency: string;
  items: OrderLine[];
}

export interface RefundedOrder {
  orderId: string;
  /** Minor units; undefined = the whole remaining order. */
  amount: number | undefined;
  currency: string;
}

type Properties = Record<string, unknown>;

function text(value: unknown, field: string, code: string, max = 200): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value).length > max) {
    throw new AppError(code, 400, `${field} must be text of at most ${max} characters`, { field });
  }
  return String(value);
}

function orderIdOf(p: Properties): string {
  const orderId = text(p.order_id, 'properties.order_id', 'invalid_order');
  if (!orderId) {
    throw new AppError('invalid_order', 400, 'properties.order_id is required', {
      field: 'properties.order_id',
    });
  }
  return orderId;
}

function currencyOf(p: Properties, programCurrency: string): string {
  if (p.currency === undefined || p.currency === null || p.currency === '') return programCurrency;
  const code = typeof p.currency === 'string' ? p.currency.trim().toUpperCase() : '';
  if (!isCurrency(code)) {
    throw new AppError(
      'invalid_currency',
      400,
      `properties.currency "${String(p.currency)}" is not an ISO 4217 code`,
      {
        field: 'properties.currency',
      },
    );
  }
  return code;
}

function lineOf(product: unknown, index: number, currency: string): OrderLine {
  const field = `properties.products[${index}]`;
  if (!product || typeof product !== 'object' || Array.isArray(product)) {
    throw new AppError('invalid_product', 400, `${field} must be an object`, { field });
  }
  const p = product as Properties;
  const sku =
    text(p.sku, `${field}.sku`, 'invalid_product') ??
    text(p.product_id, `${field}.product_id`, 'invalid_product');
  if (!sku) {
    throw new AppError('invalid_product', 400, `${field} needs a sku or product_id`, { field });
  }
  const quantity = p.quantity ?? 1;
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > 100_000) {
    throw new AppError('invalid_product', 400, `${field}.quantity must be a whole number from 1 to 100000`, {
      field: `${field}.quantity`,
    });
  }
  if (p.price === undefined || p.price === null) {
    throw new AppError('invalid_product', 400, `${field}.price is required`, { field: `${field}.price` });
  }
  const category = text(p.category, `${field}.category`, 'invalid_product');
  return {
    sku,
    ...(category ? { category } : {}),
    quantity,
    price: toMinorUnits(p.price, currency, `${field}.price`),
  };
}

/**
 * Order Completed: `total` (what the customer paid), else `revenue`, else the sum of the products. Products
 * carry sku (or product_id), category, price and quantity (default 1).
 */
export function completedOrderFrom(p: Properties, programCurrency: string): CompletedOrder {
  const orderId = orderIdOf(p);
  const currency = currencyOf(p, programCurrency);
  const products = p.products ?? [];
  if (!Array.isArray(products)) {
    throw new AppError('invalid_product', 400, 'properties.products must be an array', {
      field: 'properties.products',
    });
  }
  if (products.length > MAX_PRODUCTS) {
    throw new AppError('invalid_product', 400, `At most ${MAX_PRODUCTS} products per order`, {
      field: 'properties.products',
    });
  }
  const items = products.map((product, i) => lineOf(product, i, currency));
  let total: number;
  if (p.total !== undefined && p.total !== null) total = toMinorUnits(p.total, currency, 'properties.total');
  else if (p.revenue !== undefined && p.revenue !== null)
    total = toMinorUnits(p.revenue, currency, 'properties.revenue');
  else if (items.length > 0) total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  else {
    throw new AppError('invalid_amount', 400, 'Order Completed needs properties.total, revenue or products', {
      field: 'properties.total',
    });
  }
  return { orderId, total, currency, items };
}

/** Order Refunded: `total` (or `revenue`) is the refunded amount; without one the whole order is refunded. */
export function refundedOrderFrom(p: Properties, programCurrency: string): RefundedOrder {
  const orderId = orderIdOf(p);
  const currency = currencyOf(p, programCurrency);
  const raw = p.total ?? p.revenue;
  const amount =
    raw === undefined || raw === null
      ? undefined
      : toMinorUnits(
          raw,
          currency,
          p.total !== undefined && p.total !== null ? 'properties.total' : 'properties.revenue',
        );
  return { orderId, amount, currency };
}
