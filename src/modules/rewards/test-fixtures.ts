// Factories for rewards tests: a loyalty program with members holding points, rewards, and callers for the
// admin API and the till.
import type { TestContext } from '../../../test/harness.ts';
import { makeApiKey } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { adjustPoints } from '../loyalty/index.ts';
import { makeLoyaltyProgram, makeMember } from '../../../test/fixtures/loyalty.ts';
import { createReward, type RewardInput } from './catalog.ts';

export const COFFEE: RewardInput = {
  kind: 'free_product',
  costPoints: 100,
  texts: { he: { name: 'קפה חינם' }, en: { name: 'Free coffee' }, fa: { name: 'قهوه رایگان' } },
  effect: { sku: 'coffee' },
  couponValidDays: 30,
  businessCost: 400,
};

export async function makeRewardsProgram(t: TestContext) {
  const p = await makeLoyaltyProgram(t);
  const admin = await makeApiKey(t, p.programId, ['rewards:read', 'rewards:write', 'coupons:redeem']);
  const till = await makeApiKey(t, p.programId, ['coupons:redeem']);
  const member = async (points = 0) => {
    const id = await makeMember(t, p.programId);
    if (points > 0) {
      await adjustPoints(t.db, t.clock, SYSTEM_ACTOR, p.programId, id, { points, reason: 'opening balance' });
    }
    return id;
  };
  const reward = (input: Partial<RewardInput> = {}) =>
    createReward(t.db, t.clock, SYSTEM_ACTOR, p.programId, { ...COFFEE, ...input });
  const redeem = (memberId: string, rewardId: string) =>
    admin.request({
      method: 'POST',
      url: p.url(`/members/${memberId}/reward-redemptions`),
      payload: { rewardId },
    });
  const cart = (over: Record<string, unknown> = {}) => ({
    total: 4_800,
    currency: 'ILS',
    items: [
      { sku: 'coffee', category: 'drinks', quantity: 2, price: 1_400 },
      { sku: 'croissant', category: 'food', quantity: 1, price: 2_000 },
    ],
    ...over,
  });
  const tillCall = (path: 'validate' | 'redeem' | 'undo', payload: Record<string, unknown>, headers = {}) =>
    till.request({ method: 'POST', url: p.url(`/coupons/${path}`), payload, headers });
  return { ...p, admin, till, member, reward, redeem, cart, tillCall };
}
