// Spending and moving points: redemption (FIFO over available lots), admin adjustments (audited) and
// member-to-member transfers. Each runs under the account row lock, so balances can never be overdrawn.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { emitLoyaltyEvent } from './outbox.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import {
  changeAccount,
  getAccount,
  lockAccount,
  settleAccount,
  type Account,
  type AccountRow,
} from './account.ts';
import { appendLedgerEntry, findLedgerEntryByKey, ledgerEntryView, type LedgerEntry } from './ledger.ts';
import { bookEarning } from './earning.ts';
import { applyConsumption, openLots, planConsumption } from './lots.ts';
import { loadLoyaltyConfig, type LoyaltyConfig } from './settings.ts';
import type { LedgerKind, LedgerSource } from './tables.ts';

export interface PointsMovement {
  entry: LedgerEntry;
  account: Account;
  replayed: boolean;
}

function insufficient(account: AccountRow, points: number): AppError {
  return new AppError(
    'insufficient_points',
    409,
    `Member has ${account.available} points available; ${points} needed`,
    { available: account.available, pending: account.pending, needed: points },
  );
}

/** Takes points from the member's available lots, oldest first, with one ledger entry. */
export async function debit(
  trx: Db,
  config: LoyaltyConfig,
  account: AccountRow,
  input: {
    kind: LedgerKind;
    points: number;
    reason: string;
    source: LedgerSource;
    actor: AuditActor;
    idempotencyKey: string | null;
    counterpartMemberId?: string | null;
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<number> {
  if (account.available < input.points) throw insufficient(account, input.points);
  const lots = await openLots(trx, config.programId, account.member_id, { maturedOnly: true });
  const plan = planConsumption(lots, input.points);
  // The account is the ledger's running total; lots can only disagree if the data was tampered with.
  if (plan.taken < input.points) throw insufficient(account, input.points);
  await applyConsumption(trx, config.programId, plan.takes);
  const id = await appendLedgerEntry(trx, {
    programId: config.programId,
    memberId: account.member_id,
    kind: input.kind,
    points: -input.points,
    reason: input.reason,
    source: input.source,
    actor: input.actor,
    idempotencyKey: input.idempotencyKey,
    counterpartMemberId: input.counterpartMemberId ?? null,
    details: { ...input.details, lots: plan.takes.map((t) => ({ id: t.id, points: t.take })) },
    occurredAt: input.now,
    createdAt: input.now,
  });
  await changeAccount(
    trx,
    config.programId,
    account.member_id,
    {
      available: -input.points,
      ...(input.kind === 'redeem' ? { redeemed: input.points, activityAt: input.now } : {}),
    },
    input.now,
  );
  if (input.kind === 'redeem') {
    await emitLoyaltyEvent(trx, {
      programId: config.programId,
      memberId: account.member_id,
      type: 'points.redeemed',
      payload: { ledgerEntryId: id, points: input.points },
      at: input.now,
    });
  }
  return id;
}

/** Credits points as a lot that is available at once (adjustments, transfers). */
async function credit(
  trx: Db,
  config: LoyaltyConfig,
  memberId: string,
  input: {
    kind: 'adjust' | 'transfer';
    points: number;
    reason: string;
    source: LedgerSource;
    actor: AuditActor;
    idempotencyKey: string | null;
    counterpartMemberId?: string | null;
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<number> {
  const booked = await bookEarning(trx, config, {
    memberId,
    points: input.points,
    kind: input.kind,
    reason: input.reason,
    source: input.source,
    actor: input.actor,
    idempotencyKey: input.idempotencyKey,
    occurredAt: input.now,
    now: input.now,
    counterpartMemberId: input.counterpartMemberId ?? null,
    details: input.details ?? {},
  });
  const id = booked.ledgerEntryId!;
  return id;
}

async function replay(
  db: Db,
  config: LoyaltyConfig,
  key: string,
  expect: { memberId: string; points: number },
  now: Date,
): Promise<PointsMovement | undefined> {
  const existing = await findLedgerEntryByKey(db, config.programId, key);
  if (!existing) return undefined;
  if (existing.points !== expect.points) {
    throw new AppError('idempotency_conflict', 409, 'This idempotency key was used for another movement', {
      points: existing.points,
    });
  }
  return { entry: existing, account: await getAccount(db, config, expect.memberId, now), replayed: true };
}

async function entryById(db: Db, config: LoyaltyConfig, id: number): Promise<LedgerEntry> {
  const row = await db
    .selectFrom('loyalty_ledger')
    .selectAll()
    .where('program_id', '=', config.programId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return ledgerEntryView(row);
}

/** Spends points (a reward, a discount at the till). The rewards module calls this. */
export async function redeemPoints(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  input: {
    points: number;
    reason: string;
    idempotencyKey?: string | undefined;
    reference?: string | undefined;
  },
): Promise<PointsMovement> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0)
    throw new AppError('invalid_points', 400, 'points must be a positive integer');
  const config = await loadLoyaltyConfig(db, programId);
  const key = input.idempotencyKey ? `redeem:${input.idempotencyKey}` : null;
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const locked = await lockAccount(trx, config, memberId, now);
    if (key) {
      const prior = await replay(trx, config, key, { memberId, points: -input.points }, now);
      if (prior) return prior;
    }
    const { account } = await settleAccount(trx, config, locked, now, actor);
    const id = await debit(trx, config, account, {
      kind: 'redeem',
      points: input.points,
      reason: input.reason,
      source: actor.type === 'system' ? 'system' : 'member',
      actor,
      idempotencyKey: key,
      details: input.reference ? { reference: input.reference } : {},
      now,
    });
    return {
      entry: await entryById(trx, config, id),
      account: await getAccount(trx, config, memberId, now),
      replayed: false,
    };
  });
}

/** A manual correction by an admin, with a reason; audited. Negative adjustments need available points. */
export async function adjustPoints(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
  input: { points: number; reason: string; idempotencyKey?: string | undefined },
): Promise<PointsMovement> {
  if (!Number.isSafeInteger(input.points) || input.points === 0)
    throw new AppError('invalid_points', 400, 'points must be a non-zero integer');
  const config = await loadLoyaltyConfig(db, programId);
  const key = input.idempotencyKey ? `adjust:${input.idempotencyKey}` : null;
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const locked = await lockAccount(trx, config, memberId, now);
    if (key) {
      const prior = await replay(trx, config, key, { memberId, points: input.points }, now);
      if (prior) return prior;
    }
    const { account } = await settleAccount(trx, config, locked, now, actor);
    const movement = {
      kind: 'adjust' as const,
      reason: input.reason,
      source: 'admin' as const,
      actor,
      idempotencyKey: key,
      now,
    };
    const id =
      input.points > 0
        ? await credit(trx, config, memberId, { ...movement, points: input.points })
        : await debit(trx, config, account, { ...movement, points: -input.points });
    const entry = await entryById(trx, config, id);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.points.adjusted',
      entityType: 'member',
      entityId: memberId,
      before: { available: account.available },
      after: { points: input.points, reason: input.reason, ledgerEntryId: id },
    });
    return { entry, account: await getAccount(trx, config, memberId, now), replayed: false };
  });
}

/** Moves available points between two members of the program, when the program allows it. */
export async function transferPoints(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: { fromMemberId: string; toMemberId: string; points: number; idempotencyKey?: string | undefined },
): Promise<{ from: PointsMovement; to: PointsMovement }> {
  const config = await loadLoyaltyConfig(db, programId);
  const s = config.settings;
  if (!s.transfersEnabled)
    throw new AppError('transfers_disabled', 409, 'This program does not allow point transfers');
  if (input.fromMemberId === input.toMemberId)
    throw new AppError('invalid_transfer', 400, 'A member cannot transfer points to themselves');
  if (!Number.isSafeInteger(input.points) || input.points < s.transferMinPoints) {
    throw new AppError('invalid_points', 400, `A transfer is at least ${s.transferMinPoints} points`);
  }
  const key = input.idempotencyKey ? `transfer:${input.idempotencyKey}` : null;
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    // Lock both accounts in a fixed order so two opposite transfers cannot deadlock.
    const [first, second] = [input.fromMemberId, input.toMemberId].sort();
    const lockedFirst = await lockAccount(trx, config, first!, now);
    const lockedSecond = await lockAccount(trx, config, second!, now);
    const sender = lockedFirst.member_id === input.fromMemberId ? lockedFirst : lockedSecond;
    if (key) {
      const prior = await replay(
        trx,
        config,
        `${key}:out`,
        { memberId: input.fromMemberId, points: -input.points },
        now,
      );
      if (prior) {
        const inEntry = (await findLedgerEntryByKey(trx, programId, `${key}:in`))!;
        return {
          from: prior,
          to: {
            entry: inEntry,
            account: await getAccount(trx, config, input.toMemberId, now),
            replayed: true,
          },
        };
      }
    }
    const { account } = await settleAccount(trx, config, sender, now, actor);
    const sentToday = await sql<{ sent: number }>`
      select coalesce(-sum(points), 0)::bigint as sent from loyalty_ledger
      where program_id = ${programId} and member_id = ${input.fromMemberId} and kind = 'transfer' and points < 0
        and created_at > ${new Date(now.getTime() - 86_400_000)}`.execute(trx);
    if (sentToday.rows[0]!.sent + input.points > s.transferMaxPointsPerDay) {
      throw new AppError(
        'transfer_limit',
        409,
        `At most ${s.transferMaxPointsPerDay} points may be sent per 24 hours`,
        {
          sentToday: sentToday.rows[0]!.sent,
        },
      );
    }
    const outId = await debit(trx, config, account, {
      kind: 'transfer',
      points: input.points,
      reason: 'transfer sent',
      source: 'member',
      actor,
      idempotencyKey: key ? `${key}:out` : null,
      counterpartMemberId: input.toMemberId,
      now,
    });
    const inId = await credit(trx, config, input.toMemberId, {
      kind: 'transfer',
      points: input.points,
      reason: 'transfer received',
      source: 'member',
      actor,
      idempotencyKey: key ? `${key}:in` : null,
      counterpartMemberId: input.fromMemberId,
      details: { ledgerEntryId: outId },
      now,
    });
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.points.transferred',
      entityType: 'member',
      entityId: input.fromMemberId,
      after: { to: input.toMemberId, points: input.points },
    });
    return {
      from: {
        entry: await entryById(trx, config, outId),
        account: await getAccount(trx, config, input.fromMemberId, now),
        replayed: false,
      },
      to: {
        entry: await entryById(trx, config, inId),
        account: await getAccount(trx, config, input.toMemberId, now),
        replayed: false,
      },
    };
  });
}
