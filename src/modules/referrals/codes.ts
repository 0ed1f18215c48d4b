// Referral codes: one per member, made when first asked for. Short enough to say aloud or type from a
// message (8 symbols of the coupon alphabet, no 0/O/1/I/L, shown as two groups of four) and case- and
// dash-insensitive on input. Unlike coupon codes they are meant to be shared, so they need not be secret.
import crypto from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { CODE_ALPHABET, normaliseCouponCode } from '../rewards/index.ts';

const CODE_LENGTH = 8;

export const displayReferralCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

function drawCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The stored key of a typed code, or null when it cannot be one. */
export function referralCodeKey(input: string): string | null {
  const key = normaliseCouponCode(input);
  return key.ok && key.code.length === CODE_LENGTH ? key.code : null;
}

/** The member's referral code, created on first use (a concurrent first use gets the same one). */
export async function ensureReferralCode(db: Db, clock: Clock, programId: string, memberId: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await db
      .selectFrom('referral_codes')
      .select(['code', 'visits'])
      .where('program_id', '=', programId)
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    if (existing) return existing;
    const code = drawCode();
    // Unique across programs, because the link /r/{code} names no program.
    const taken = await db
      .selectFrom('referral_codes')
      .select('member_id')
      .where('code', '=', code)
      .executeTakeFirst();
    if (taken) continue;
    // A code taken meanwhile (or this member's, by a concurrent call) inserts nothing: look again.
    await db
      .insertInto('referral_codes')
      .values({ program_id: programId, member_id: memberId, code, created_at: clock.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  throw new Error('could not draw a unique referral code in 5 attempts');
}

export async function findReferrerByCode(db: Db, programId: string, input: string): Promise<string | null> {
  const key = referralCodeKey(input);
  if (!key) return null;
  const row = await db
    .selectFrom('referral_codes')
    .select('member_id')
    .where('program_id', '=', programId)
    .where('code', '=', key)
    .executeTakeFirst();
  return row?.member_id ?? null;
}

/** The program and member a link's code belongs to, or null (an unknown or malformed code). */
export async function resolveReferralLink(db: Db, input: string) {
  const key = referralCodeKey(input);
  if (!key) return null;
  const row = await db
    .selectFrom('referral_codes')
    .select(['program_id', 'member_id', 'code'])
    .where('code', '=', key)
    .executeTakeFirst();
  return row ?? null;
}

export async function countVisit(db: Db, programId: string, code: string): Promise<void> {
  await db
    .updateTable('referral_codes')
    .set((eb) => ({ visits: eb('visits', '+', 1) }))
    .where('program_id', '=', programId)
    .where('code', '=', code)
    .execute();
}
