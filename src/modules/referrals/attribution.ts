// A friend joins with a referral code (or is created with referredBy, through member.created): in the transaction
// that creates them, the referral is recorded as joined, or as blocked with the reason the abuse checks
// gave. A blocked referral leaves the new member unattributed; a joined one sets their referredBy.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { subscribe } from '../../platform/events/index.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/index.ts';
import { getMember, updateMember, type Member } from '../members/index.ts';
import { screenReferral, type ReferralParty } from './abuse.ts';
import { findReferrerByCode } from './codes.ts';
import { getReferralSettings } from './settings.ts';
import { memberSignals, recordSignals, signalSet, type SignalValues } from './signals.ts';
import type { ReferralStatus } from './tables.ts';

export interface ReferralClaim extends SignalValues {
  /** The code from the link (`/r/{code}`) or typed in the form. */
  code?: string | null | undefined;
}

export interface Attribution {
  referralId: string;
  referrerId: string;
  status: ReferralStatus;
  blockReason: string | null;
}

async function partyOf(db: Db, programId: string, memberId: string): Promise<ReferralParty | null> {
  const member = await getMember(db, programId, memberId).catch(() => null);
  if (!member || member.status !== 'active') return null;
  return {
    id: member.id,
    email: member.email,
    phone: member.phone,
    signals: await memberSignals(db, programId, member.id),
  };
}

/** The referrer's chain of referrers (nearest first), through referrals that counted. */
async function ancestorsOf(db: Db, programId: string, memberId: string): Promise<string[]> {
  const rows = await sql<{ referrer_id: string }>`
    with recursive chain(referrer_id, depth) as (
      select referrer_id, 1 from referrals
      where program_id = ${programId} and referee_id = ${memberId} and status <> 'blocked'
      union all
      select r.referrer_id, c.depth + 1 from referrals r join chain c on r.referee_id = c.referrer_id
      where r.program_id = ${programId} and r.status <> 'blocked' and c.depth < 50
    )
    select referrer_id from chain order by depth`.execute(db);
  return rows.rows.map((r) => r.referrer_id);
}

/**
 * Records the referral of a member just created, inside the creating transaction. Returns null when there
 * is nothing to attribute (no code nor referredBy, an unknown code, referrals switched off).
 */
export async function attributeReferral(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  member: Member,
  claim: ReferralClaim = {},
): Promise<Attribution | null> {
  const { programId } = member;
  const settings = await getReferralSettings(trx, programId);
  if (!settings.enabled) return null;
  const referrerId = claim.code ? await findReferrerByCode(trx, programId, claim.code) : member.referredBy;
  if (!referrerId) return null;
  const referrer = await partyOf(trx, programId, referrerId);
  const screening = screenReferral({
    referrer,
    referee: {
      id: member.id,
      email: member.email,
      phone: member.phone,
      signals: signalSet(programId, claim),
    },
    referrerAncestors: referrer ? await ancestorsOf(trx, programId, referrer.id) : [],
    blockSameNetwork: settings.blockSameNetwork,
  });
  await recordSignals(trx, clock, programId, member.id, claim);
  const now = clock.now();
  const row = await trx
    .insertInto('referrals')
    .values({
      program_id: programId,
      referrer_id: referrerId,
      referee_id: member.id,
      code: claim.code ? claim.code.toUpperCase().replace(/[^A-Z0-9]/g, '') : null,
      status: screening.ok ? 'joined' : 'blocked',
      block_reason: screening.ok ? null : screening.reason,
      joined_at: now,
      qualify_by: new Date(now.getTime() + settings.qualifyWithinDays * 86_400_000),
    })
    .onConflict((oc) => oc.columns(['program_id', 'referee_id']).doNothing())
    .returning(['id', 'status', 'block_reason'])
    .executeTakeFirst();
  if (!row) return null;
  if (screening.ok && member.referredBy !== referrerId) {
    await updateMember(trx, clock, actor, programId, member.id, { referredBy: referrerId });
  }
  return { referralId: row.id, referrerId, status: row.status, blockReason: row.block_reason };
}

/**
 * member.created with a referrer (the members API's referredBy) → the referral, recorded in the creating
 * transaction, so a refused attribution never leaves a half-joined member. A signup form's claim (a code and
 * the device and network signals) is not in the event; the form attributes it itself (forms/signup.ts).
 */
export const referredMemberSubscription = subscribe({
  name: 'referrals.attribute-referred-member',
  types: ['member.created'],
  delivery: 'in-transaction',
  async handle(trx, event, { clock, actor }) {
    if (!event.payload.referredBy || !event.memberId) return;
    const member = await getMember(trx, event.programId, event.memberId);
    await attributeReferral(trx, clock, (actor as AuditActor | undefined) ?? SYSTEM_ACTOR, member);
  },
});
