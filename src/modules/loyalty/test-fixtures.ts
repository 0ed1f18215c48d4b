// Factories for loyalty tests: a program with loyalty settings, members, an API key and a purchase helper.
import crypto from 'node:crypto';
import type { TestContext } from '../../../test/harness.ts';
import { makeApiKey, makeProgram } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { createMember } from '../members/index.ts';
import type { EarningRuleInput } from './earning-rules.ts';
import { createEarningRule } from './earning-rules.ts';
import { updateLoyaltySettings } from './program-settings.ts';
import type { LoyaltySettings } from './settings.ts';

export async function makeMember(
  t: TestContext,
  programId: string,
  fields: { birthday?: string } = {},
): Promise<string> {
  const member = await createMember(t.db, t.clock, SYSTEM_ACTOR, programId, {
    firstName: 'Dana',
    externalId: `m-${crypto.randomUUID()}`,
    ...fields,
  });
  return member.id;
}

export const BASE_RATE: EarningRuleInput = {
  name: 'Base: 1 point per ₪1',
  trigger: 'purchase',
  effect: { type: 'per_spend', points: 1, per: 100 },
};

export async function makeLoyaltyProgram(
  t: TestContext,
  options: { settings?: Partial<LoyaltySettings>; rules?: EarningRuleInput[] } = {},
) {
  const program = await makeProgram(t.db, { currency: 'ILS', timeZone: 'Asia/Jerusalem' });
  await updateLoyaltySettings(t.db, t.clock, SYSTEM_ACTOR, program.id, {
    pendingDays: 0,
    ...options.settings,
  });
  for (const rule of options.rules ?? [BASE_RATE]) {
    await createEarningRule(t.db, t.clock, SYSTEM_ACTOR, program.id, rule);
  }
  const api = await makeApiKey(t, program.id, [
    'loyalty:read',
    'loyalty:write',
    'points:adjust',
    'purchases:write',
  ]);
  const url = (path: string) => `/api/programs/${program.id}${path}`;
  let orders = 0;
  const purchase = (memberId: string, total: number, extra: Record<string, unknown> = {}) =>
    api.request({
      method: 'POST',
      url: url('/purchases'),
      payload: {
        orderId: `o-${++orders}-${Math.random().toString(36).slice(2)}`,
        memberId,
        total,
        currency: 'ILS',
        ...extra,
      },
    });
  const account = async (memberId: string) =>
    (await api.request({ url: url(`/members/${memberId}/account`) })).json();
  return { program, programId: program.id, api, url, purchase, account };
}
