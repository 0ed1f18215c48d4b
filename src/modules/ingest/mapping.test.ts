// Pure mappings: Segment e-commerce properties → purchases/refunds, identify traits → member input.
import { describe, expect, it } from 'vitest';
import { completedOrderFrom, refundedOrderFrom } from './commerce.ts';
import { memberInputFromTraits } from './traits.ts';

describe('Order Completed', () => {
  it('maps the e-commerce spec to minor units and order lines', () => {
    expect(
      completedOrderFrom(
        {
          order_id: 50314,
          total: 59.9,
          revenue: 50,
          currency: 'ils',
          products: [
            { product_id: 'p-1', sku: 'LATTE-L', category: 'Coffee', price: 19.95, quantity: 2 },
            { product_id: 77, price: '20' },
          ],
        },
        'ILS',
      ),
    ).toEqual({
      orderId: '50314',
      total: 5990,
      currency: 'ILS',
      items: [
        { sku: 'LATTE-L', category: 'Coffee', quantity: 2, price: 1995 },
        { sku: '77', quantity: 1, price: 2000 },
      ],
    });
  });

  it('falls back to revenue, then to the products, and to the program currency', () => {
    expect(completedOrderFrom({ order_id: 'a', revenue: 10 }, 'ILS')).toMatchObject({
      total: 1000,
      currency: 'ILS',
    });
    expect(
      completedOrderFrom(
        { order_id: 'b', currency: 'JPY', products: [{ sku: 's', price: 300, quantity: 3 }] },
        'ILS',
      ),
    ).toMatchObject({ total: 900, currency: 'JPY' });
  });

  it('refuses what cannot be a purchase', () => {
    const code = (p: Record<string, unknown>) => {
      try {
        completedOrderFrom(p, 'ILS');
        return 'ok';
      } catch (e) {
        return (e as { code: string }).code;
      }
    };
    expect(code({ total: 5 })).toBe('invalid_order');
    expect(code({ order_id: { x: 1 }, total: 5 })).toBe('invalid_order');
    expect(code({ order_id: 'o' })).toBe('invalid_amount');
    expect(code({ order_id: 'o', total: 'NaN' })).toBe('invalid_amount');
    expect(code({ order_id: 'o', total: 1e12 })).toBe('invalid_amount');
    expect(code({ order_id: 'o', total: 5, currency: 'shekels' })).toBe('invalid_currency');
    expect(code({ order_id: 'o', total: 5, products: 'all' })).toBe('invalid_product');
    expect(code({ order_id: 'o', total: 5, products: [{ price: 1 }] })).toBe('invalid_product');
    expect(code({ order_id: 'o', total: 5, products: [{ sku: 's' }] })).toBe('invalid_product');
    expect(code({ order_id: 'o', total: 5, products: [{ sku: 's', price: 1, quantity: 0.5 }] })).toBe(
      'invalid_product',
    );
    expect(code({ order_id: 'o', total: 5, products: [{ sku: 's', price: -1 }] })).toBe('invalid_amount');
  });
});

describe('Order Refunded', () => {
  it('refunds the amount given, or the whole order', () => {
    expect(refundedOrderFrom({ order_id: 'o', total: 10.5 }, 'ILS')).toEqual({
      orderId: 'o',
      amount: 1050,
      currency: 'ILS',
    });
    expect(refundedOrderFrom({ order_id: 'o' }, 'ILS')).toEqual({
      orderId: 'o',
      amount: undefined,
      currency: 'ILS',
    });
  });
});

describe('identify traits', () => {
  const names = new Set(['shoe_size', 'vip']);
  it('maps standard traits and only the custom attributes the program defines', () => {
    expect(
      memberInputFromTraits(
        'u1',
        {
          email: 'a@b.co',
          first_name: 'Ali',
          lastName: 'رضایی',
          phone: 989121234567,
          birthday: '1988-03-21T00:00:00+03:30',
          anniversary: '2015-06-01',
          timezone: 'Asia/Tehran',
          language: 'fa-IR',
          shoe_size: 42,
          vip: null,
          plan: 'gold',
        },
        names,
      ),
    ).toEqual({
      externalId: 'u1',
      email: 'a@b.co',
      firstName: 'Ali',
      lastName: 'رضایی',
      phone: '989121234567',
      birthday: '1988-03-21',
      anniversary: '2015-06-01',
      timeZone: 'Asia/Tehran',
      locale: 'fa',
      attributes: { shoe_size: 42 },
    });
  });

  it('ignores locales we do not support and null traits', () => {
    expect(memberInputFromTraits('u2', { locale: 'de-DE', email: null }, names)).toEqual({
      externalId: 'u2',
    });
  });
});
