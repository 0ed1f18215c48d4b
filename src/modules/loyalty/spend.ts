// Points movements that join the caller's transaction, for modules whose own change must commit or roll
// back together with the points (a reward's stock and coupon, a coupon's cancellation). Each takes the
// member's account lock first, so callers must not hold other members' account locks.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { lockAccount, settleAccount } from './account.ts';
import { bookEarning } from './earning.ts';
import { findLedgerEntryByKey } from './ledger.ts';
import { debit } from './points.ts';
import { loadLoyaltyConfig, type Tier } from './settings.ts';

export interface MemberStanding {
  available: number;
  /** The member's tier, with its rank (null when the program has no tiers). */
  tier: Tier | null;
  tiers: Tier[];
}

/**
 * Locks the member's account inside `trx` and brings it up to date (maturing, expiry). Until the
 * transaction ends, no other spend of this member's points can run, so checks made on the result hold.
 */
export async function lockMemberStanding(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
): Promise<MemberStanding> {
  const config = await loadLoyaltyConfig(trx, programId);
  const now = clock.now();
  const locked = await lockAccount(trx, config, memberId, now);
  const { account } = await settleAccount(trx, config, locked, now, actor);
  return {
    available: account.available,
    tier: config.tiers.find((t) => t.key === account.tier_key) ?? null,
    tiers: config.tiers,
  };
}

export interface PointsInTransaction {
  points: number;
  reason: string;
  /** Unique per program: a second movement with the same key is refused with idempotency_conflict. */
  idempotencyKey: string;
  details?: Record<string, unknown>;
}

/** Spends available points (oldest lots first) inside the caller's transaction; returns the ledger entry id. */
export async function spendPointsInTransaction(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  input: PointsInTransaction,
): Promise<number> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0)
    throw new AppError('invalid_points', 400, 'points must be a positive integer');
  const config = await loadLoyaltyConfig(trx, programId);
  const now = clock.now();
  const locked = await lockAccount(trx, config, memberId, now);
  if (await findLedgerEntryByKey(trx, programId, input.idempotencyKey)) {
    throw new AppError('idempotency_conflict', 409, 'These points were already spent', {
      key: input.idempotencyKey,
    });
  }
  const { account } = await settleAccount(trx, config, locked, now, actor);
  return debit(trx, config, account, {
    kind: 'redeem',
    points: input.points,
    reason: input.reason,
    source: 'member',
    actor,
    idempotencyKey: input.idempotencyKey,
    details: input.details ?? {},
    now,
  });
}

/** Credits points inside the caller's transaction under the account lock; a replayed key returns the first id. */
async function creditInTransaction(
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  input: PointsInTransaction,
  as: { kind: 'earn' | 'redeem'; source: 'rule' | 'system' },
): Promise<number> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0)
    throw new AppError('invalid_points', 400, 'points must be a positive integer');
  const config = await loadLoyaltyConfig(trx, programId);
  const now = clock.now();
  await lockAccount(trx, config, memberId, now);
  const prior = await findLedgerEntryByKey(trx, programId, input.idempotencyKey);
  if (prior) return prior.id;
  const booked = await bookEarning(trx, config, {
    memberId,
    points: input.points,
    kind: as.kind,
    reason: input.reason,
    source: as.source,
    actor,
    idempotencyKey: input.idempotencyKey,
    occurredAt: now,
    now,
    details: input.details ?? {},
  });
  return booked.ledgerEntryId!;
}

/**
 * Gives spent points back (a cancelled or expired coupon under a refund policy) inside the caller's
 * transaction: a positive `redeem` entry, so lifetime redeemed goes back down, and a new lot under the
 * program's expiry policy. Replays return the first entry. Returns the ledger entry id.
 */
export const returnPointsInTransaction = (
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  input: PointsInTransaction,
): Promise<number> =>
  creditInTransaction(trx, clock, actor, programId, memberId, input, { kind: 'redeem', source: 'system' });

/**
 * Awards points earned outside a purchase (a referral bonus, an automatic reward) inside the caller's
 * transaction: an `earn` entry counted in lifetime earned, as a lot under the program's expiry policy. The
 * idempotency key makes it once only: a replay returns the first entry's id.
 */
export const awardPointsInTransaction = (
  trx: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  input: PointsInTransaction,
): Promise<number> =>
  creditInTransaction(trx, clock, actor, programId, memberId, input, { kind: 'earn', source: 'rule' });
