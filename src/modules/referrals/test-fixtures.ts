// Factories for referral tests: a loyalty program with a signup form, referral settings, members with
// contact details, signing up through the form with a code, and a purchase by the friend.
import crypto from 'node:crypto';
import type { TestContext } from '../../../test/harness.ts';
import { makeApiKey, makeUser } from '../../../test/harness.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { recordPurchase } from '../loyalty/index.ts';
import { makeLoyaltyProgram } from '../../../test/fixtures/loyalty.ts';
import { createMember } from '../members/index.ts';
import { ensureReferralCode, displayReferralCode } from './codes.ts';
import { updateReferralSettings, type ReferralSettings } from './settings.ts';

const randomIp = () => `10.${[...crypto.randomBytes(3)].join('.')}`;

export async function makeReferralProgram(t: TestContext, settings: Partial<ReferralSettings> = {}) {
  // No per-spend rule: the points a test sees are the referral bonuses only.
  const p = await makeLoyaltyProgram(t, { rules: [] });
  const owner = await makeUser(t, p.programId);
  const form = await owner.request({
    method: 'POST',
    url: `/api/programs/${p.programId}/forms`,
    payload: {
      name: 'Invite',
      definition: {
        locales: ['he', 'en'],
        fields: [{ name: 'email', required: true }, { name: 'phone' }],
        consents: [],
        doubleOptIn: false,
      },
    },
  });
  if (form.statusCode !== 201) throw new Error(`form: ${form.body}`);
  const formId = form.json().id as string;
  await updateReferralSettings(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
    formId,
    referrerPoints: 500,
    refereePoints: 200,
    minPurchase: 5_000,
    qualifyWithinDays: 30,
    ...settings,
  });
  const admin = await makeApiKey(t, p.programId, ['rewards:read', 'rewards:write', 'members:write']);
  const member = async (fields: { email?: string; phone?: string } = {}) =>
    (
      await createMember(t.db, t.clock, SYSTEM_ACTOR, p.programId, {
        firstName: 'Avi',
        email: fields.email ?? `avi-${crypto.randomUUID()}@example.com`,
        ...(fields.phone ? { phone: fields.phone } : {}),
      })
    ).id;
  const codeOf = async (memberId: string) =>
    displayReferralCode((await ensureReferralCode(t.db, t.clock, p.programId, memberId)).code);
  /** The friend fills in the form the invitation opened (a plain JSON post, as the embed sends it). */
  // A fresh address per signup by default: the forms' rate limit per address spans every test file.
  const signUp = async (code: string, fields: Record<string, string>, ip = randomIp()) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/f/${formId}/submit`,
      payload: { ...fields, _ref: code },
      headers: { accept: 'application/json' },
      remoteAddress: ip,
    });
    if (res.statusCode !== 200) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
    const row = await t.db
      .selectFrom('members')
      .select('id')
      .where('program_id', '=', p.programId)
      .where('email', '=', fields.email!.toLowerCase())
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const buy = (memberId: string, total: number, orderId = `o-${crypto.randomUUID()}`) =>
    recordPurchase(t.db, t.clock, SYSTEM_ACTOR, p.programId, { orderId, memberId, total, currency: 'ILS' });
  const referralOf = (refereeId: string) =>
    t.db
      .selectFrom('referrals')
      .selectAll()
      .where('program_id', '=', p.programId)
      .where('referee_id', '=', refereeId)
      .executeTakeFirst();
  const payouts = (referralId: string) =>
    t.db
      .selectFrom('referral_payouts')
      .selectAll()
      .where('program_id', '=', p.programId)
      .where('referral_id', '=', referralId)
      .orderBy('side')
      .execute();
  return { ...p, owner, formId, admin, member, codeOf, signUp, buy, referralOf, payouts };
}
