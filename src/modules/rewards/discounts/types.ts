// What a coupon does to a cart, as data. The cart is what the till or the shop sends; amounts are integer
// minor units. Each kind of effect is computed by its own small pure file; compute.ts picks one.
import type { PurchaseLine } from '../../loyalty/index.ts';

export interface Cart {
  /** What the customer pays before this coupon, minor units. */
  total: number;
  currency: string;
  items: PurchaseLine[];
  /** Shipping included in total, when the shop charges it. */
  shipping?: number | undefined;
  channel?: string | undefined;
  storeId?: string | undefined;
  partnerId?: string | undefined;
}

export type DiscountEffect =
  /** percent of the eligible lines (whole order when the cart has no lines and no line conditions). */
  | { type: 'percentage'; percent: number; maxAmount?: number | undefined }
  /** A fixed amount off, never more than the eligible total. */
  | { type: 'fixed_amount'; amount: number }
  /** `quantity` units of `sku` for free (when in the cart). */
  | { type: 'free_product'; sku: string; quantity?: number | undefined }
  | { type: 'free_shipping' }
  /** Benefits that change nothing on the cart (early access, partner product, donation receipt). */
  | { type: 'none' };

export interface DiscountConditions {
  /** Eligible lines: only these SKUs / categories (both empty: every line). */
  skus?: string[] | undefined;
  categories?: string[] | undefined;
  /** Order total must reach this (minor units). */
  minTotal?: number | undefined;
  stores?: string[] | undefined;
  channels?: string[] | undefined;
  partners?: string[] | undefined;
  currency?: string | undefined;
}

export interface DiscountLine {
  sku: string;
  amount: number;
}

/** Stable reason codes: the API returns them as they are. */
export type DiscountRefusal =
  | 'currency_mismatch'
  | 'wrong_store'
  | 'wrong_channel'
  | 'wrong_partner'
  | 'min_total_not_met'
  | 'no_eligible_items'
  | 'product_not_in_cart'
  | 'nothing_to_discount';

export type DiscountResult =
  | {
      ok: true;
      /** Total off the cart, minor units, ≤ the cart total. */
      amount: number;
      /** How the amount splits over the cart's lines (sums to amount minus shipping). */
      lines: DiscountLine[];
      freeShipping: boolean;
      eligibleTotal: number;
    }
  | { ok: false; reason: DiscountRefusal; details: Record<string, unknown> };

export type EffectResult =
  | { ok: true; amount: number; lines: DiscountLine[]; freeShipping: boolean }
  | { ok: false; reason: DiscountRefusal; details: Record<string, unknown> };
