// A generated retail data set of a public shape (invoice, stock code, description, quantity, invoice date, unit
// price, customer id, country — the shape of the well-known online-retail files), seeded and reproducible: the
// same seed and size give the same rows on every run and machine. Shared by the demo club and the benchmarks.
//
// Distributions, chosen to look like a small shop's till:
// - orders per customer: 1 + a log-normal draw (median ≈ 6, mean ≈ 10, a long tail of regulars), so a
//   fifth of the customers bring well over half of the revenue;
// - products: Zipf popularity (a few best sellers), log-normal prices per product;
// - dates: each customer is active for a stretch of the period; days are weighted by season (a December peak,
//   a quiet August) and weekday (Friday busiest, Saturday closed-ish);
// - lines per order: 1 + geometric; quantities mostly 1.
// Dirt for the history import (retailOrderLines): cancelled orders as "C" invoices with negative quantities,
// lines without a customer, zero prices and exact duplicate lines, each at a stated rate.
const DAY_MS = 86_400_000;

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const mix = (seed: number, n: number) => Math.imul(seed ^ Math.imul(n + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;

function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface RetailShape {
  seed: number;
  customers: number;
  /** The first day of the period, and its length. */
  from: Date;
  days: number;
}

export const CATEGORIES = [
  'pastries',
  'bread',
  'cakes',
  'cookies',
  'coffee',
  'sandwiches',
  'drinks',
  'gifts',
];
const WORDS: Record<string, string[]> = {
  pastries: ['Croissant', 'Pain au chocolat', 'Danish', 'Rugelach', 'Burekas'],
  bread: ['Challah', 'Sourdough', 'Baguette', 'Rye loaf', 'Pita'],
  cakes: ['Cheesecake', 'Chocolate cake', 'Honey cake', 'Carrot cake'],
  cookies: ['Ma’amoul', 'Biscotti', 'Oat cookie', 'Tahini cookie'],
  coffee: ['Espresso', 'Cappuccino', 'Beans 250g', 'Cold brew'],
  sandwiches: ['Sabich', 'Tuna sandwich', 'Shakshuka roll'],
  drinks: ['Lemonade', 'Orange juice', 'Mint tea'],
  gifts: ['Gift box', 'Holiday basket', 'Mug'],
};
export const COUNTRIES = ['IL', 'IL', 'IL', 'IL', 'IL', 'IL', 'US', 'FR', 'GB', 'DE'];

export interface RetailProduct {
  stockCode: string;
  description: string;
  category: string;
  /** Minor units. */
  price: number;
}

/** The catalogue: `size` products, the first ones the most popular. */
export function retailProducts(seed: number, size = 200): RetailProduct[] {
  const rand = seededRandom(mix(seed, -1));
  return Array.from({ length: size }, (_, i) => {
    const category = CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!;
    const words = WORDS[category]!;
    const base =
      { pastries: 1_200, bread: 2_000, cakes: 9_000, cookies: 800, coffee: 1_400 }[category] ?? 2_500;
    return {
      stockCode: `${category.slice(0, 2).toUpperCase()}${String(10_000 + i)}`,
      description: `${words[i % words.length]} ${Math.floor(i / words.length) + 1}`,
      category,
      price: Math.max(100, Math.round((base * Math.exp(0.35 * normal(rand))) / 10) * 10),
    };
  });
}

/** Zipf(1.1) over the catalogue, by inverse CDF. */
function zipfPicker(size: number) {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= size; k++) cdf.push((total += 1 / k ** 1.1));
  return (u: number) => {
    const x = u * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SEASON = [1.0, 0.85, 0.95, 1.1, 1.0, 0.9, 0.8, 0.7, 1.0, 1.05, 1.25, 1.7]; // by month, December peak
const WEEKDAY = [1.0, 0.9, 0.9, 1.0, 1.15, 1.4, 0.3]; // Sunday … Saturday
const MAX_WEIGHT = 1.7 * 1.4;

export interface RetailCustomer {
  index: number;
  externalId: string;
  country: string;
  joinedAt: Date;
  /** Consented to marketing e-mail (about half). */
  emailConsent: boolean;
}

export interface RetailOrder {
  customer: RetailCustomer;
  invoice: string;
  at: Date;
  lines: { product: RetailProduct; quantity: number }[];
}

export function retailCustomer(shape: RetailShape, index: number): RetailCustomer {
  const rand = seededRandom(mix(shape.seed, index));
  return {
    index,
    externalId: `C${100_000 + index}`,
    country: COUNTRIES[Math.floor(rand() * COUNTRIES.length)]!,
    joinedAt: new Date(shape.from.getTime() + Math.floor(rand() * shape.days * 0.8) * DAY_MS),
    emailConsent: rand() < 0.5,
  };
}

/** One customer's orders, in time order; invoices are unique across the data set. */
export function customerOrders(shape: RetailShape, index: number, products: RetailProduct[]): RetailOrder[] {
  const customer = retailCustomer(shape, index);
  const rand = seededRandom(mix(shape.seed ^ 0x5bd1e995, index));
  const pick = zipfPicker(products.length);
  const count = 1 + Math.floor(Math.exp(1.75 + 1.0 * normal(rand)));
  const start = customer.joinedAt.getTime();
  const end = Math.min(
    shape.from.getTime() + shape.days * DAY_MS,
    start + (30 + rand() * shape.days) * DAY_MS,
  );
  const times: number[] = [];
  while (times.length < count) {
    const t = start + rand() * (end - start);
    const d = new Date(t);
    if (rand() * MAX_WEIGHT < SEASON[d.getUTCMonth()]! * WEEKDAY[d.getUTCDay()]!) {
      // Opening hours: 07:00–20:00 local, written in UTC as the till would (Jerusalem is UTC+2/+3).
      times.push(Math.floor(t / DAY_MS) * DAY_MS + (5 + rand() * 13) * 3_600_000);
    }
  }
  times.sort((a, b) => a - b);
  return times.map((t, n) => {
    const lines: RetailOrder['lines'] = [];
    const size = Math.min(8, 1 + Math.floor(Math.log(1 - rand()) / Math.log(0.5)));
    for (let l = 0; l < size; l++) {
      const u = rand();
      const product = products[pick(rand())]!;
      const quantity = u < 0.8 ? 1 : 2 + Math.floor(rand() * 5);
      // The same product twice in a basket is one line with the quantities added (duplicates are dirt only).
      const same = lines.find((x) => x.product === product);
      if (same) same.quantity += quantity;
      else lines.push({ product, quantity });
    }
    return { customer, invoice: `${500_000 + index * 64 + (n % 64)}-${n}`, at: new Date(t), lines };
  });
}

/** Every order, customer by customer. */
export function* retailOrders(shape: RetailShape): Generator<RetailOrder> {
  const products = retailProducts(shape.seed);
  for (let i = 0; i < shape.customers; i++) yield* customerOrders(shape, i, products);
}

export interface RetailLine {
  invoice: string;
  stockCode: string;
  description: string;
  quantity: number;
  invoiceDate: Date;
  /** Minor units. */
  unitPrice: number;
  customerId: string | null;
  country: string;
}

export interface RetailDirt {
  /** Share of orders later cancelled ("C" + invoice, negative quantities). */
  cancelled: number;
  /** Share of orders rung up without a customer. */
  noCustomer: number;
  /** Share of lines with a zero price (samples, staff). */
  zeroPrice: number;
  /** Share of lines written twice, exactly. */
  duplicate: number;
}

export const DEFAULT_DIRT: RetailDirt = {
  cancelled: 0.02,
  noCustomer: 0.15,
  zeroPrice: 0.005,
  duplicate: 0.01,
};

/** Order lines in the public retail shape, with dirt at the given rates. */
export function* retailOrderLines(
  shape: RetailShape,
  dirt: RetailDirt = DEFAULT_DIRT,
): Generator<RetailLine> {
  const rand = seededRandom(mix(shape.seed, -2));
  for (const order of retailOrders(shape)) {
    const customerId = rand() < dirt.noCustomer ? null : order.customer.externalId;
    const lines = order.lines.map((l) => ({
      invoice: order.invoice,
      stockCode: l.product.stockCode,
      description: l.product.description,
      quantity: l.quantity,
      invoiceDate: order.at,
      unitPrice: rand() < dirt.zeroPrice ? 0 : l.product.price,
      customerId,
      country: order.customer.country,
    }));
    for (const line of lines) {
      yield line;
      if (rand() < dirt.duplicate) yield line;
    }
    if (rand() < dirt.cancelled) {
      const at = new Date(order.at.getTime() + Math.floor(1 + rand() * 5) * DAY_MS);
      for (const line of lines)
        yield { ...line, invoice: `C${order.invoice}`, quantity: -line.quantity, invoiceDate: at };
    }
  }
}

export const TRACK_EVENTS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Coupon Viewed'];

/** A customer's tracked events: about as many as their orders, spread over their active stretch. */
export function* customerEvents(shape: RetailShape, orders: RetailOrder[]) {
  if (orders.length === 0) return;
  const rand = seededRandom(mix(shape.seed ^ 0x27d4eb2f, orders[0]!.customer.index));
  for (const order of orders) {
    const n = Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) {
      yield {
        name: TRACK_EVENTS[Math.min(TRACK_EVENTS.length - 1, Math.floor(-Math.log(1 - rand()) * 1.2))]!,
        at: new Date(order.at.getTime() - Math.floor(rand() * 3 * DAY_MS)),
        sku: order.lines[0]!.product.stockCode,
      };
    }
  }
}
