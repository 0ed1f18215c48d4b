// Demo purchase history: café orders over the last 18 months, a few loyal regulars and many occasional guests.
import { DAY_MS } from '../../platform/clock.ts';
import type { DemoPerson } from './people.ts';

const MENU = [
  { sku: 'espresso', category: 'coffee', price: 1200 },
  { sku: 'cappuccino', category: 'coffee', price: 1600 },
  { sku: 'croissant', category: 'pastry', price: 1400 },
  { sku: 'shakshuka', category: 'food', price: 5200 },
  { sku: 'sandwich', category: 'food', price: 3800 },
  { sku: 'beans-1kg', category: 'retail', price: 9000 },
] as const;

export interface DemoPurchase {
  externalId: string;
  orderId: string;
  occurredAt: Date;
  items: { sku: string; category: string; quantity: number; price: number }[];
  total: number;
  channel: 'pos' | 'web';
}

/** Purchases for each person between joining and now, oldest first. */
export function demoPurchases(people: DemoPerson[], now: Date, random: () => number): DemoPurchase[] {
  const purchases: DemoPurchase[] = [];
  for (const person of people) {
    // Heavy-tailed: most guests come a few times, regulars come weekly.
    const visits = Math.floor(-Math.log(1 - random() * 0.999) * 4);
    const span = Math.max(person.joinedDaysAgo, 1);
    for (let v = 0; v < visits; v++) {
      const daysAgo = Math.floor(random() * span);
      const occurredAt = new Date(now.getTime() - daysAgo * DAY_MS - Math.floor(random() * 8) * 3_600_000);
      const lines = 1 + Math.floor(random() * 3);
      const items = Array.from({ length: lines }, () => {
        const item = MENU[Math.floor(random() * MENU.length)]!;
        return {
          sku: item.sku,
          category: item.category,
          price: item.price,
          quantity: 1 + Math.floor(random() * 2),
        };
      });
      purchases.push({
        externalId: person.externalId,
        orderId: `${person.externalId}-${v + 1}`,
        occurredAt,
        items,
        total: items.reduce((sum, i) => sum + i.price * i.quantity, 0),
        channel: random() < 0.8 ? 'pos' : 'web',
      });
    }
  }
  return purchases.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
