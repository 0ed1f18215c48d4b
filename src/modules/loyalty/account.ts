// The member's points account: the running total of the ledger, split into available and pending. Every
// change happens inside a transaction that first locks this row (lockAccount), so concurrent redemptions
// queue up instead of overdrawing.
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { getMember } from '../members/index.ts';
import { appendLedgerEntries } from './ledger.ts';
import { addMonths } from './local-time.ts';
import { applyConsumption, openLots, planConsumption } from './lots.ts';
import type { LoyaltyConfig } from './settings.ts';
import type { LoyaltyAccountsTable } from './tables.ts';

export type AccountRow = Selectable<LoyaltyAccountsTable>;

/** Locks (creating if needed) the member's account row. member_not_found unless an active member of the program. */
export async function lockAccount(
  db: Db,
  config: LoyaltyConfig,
  memberId: string,
  now: Date,
): Promise<AccountRow> {
  const lowestTier = config.tiers[0]?.key ?? null;
  const row = await sql<AccountRow>`
    insert into loyalty_accounts (program_id, member_id, tier_key, tier_since, created_at, updated_at)
    select ${config.programId}, m.id, ${lowestTier}, ${now}, ${now}, ${now} from members m
    where m.id = ${memberId} and m.program_id = ${config.programId} and m.deleted_at is null
    on conflict (program_id, member_id) do update set updated_at = excluded.updated_at
    returning *`.execute(db);
  const account = row.rows[0];
  if (!account) throw notFound('member', memberId);
  // The insert read the member before it waited for the row lock: a merge or deletion that held the lock and
  // committed meanwhile is seen only by a new statement, so look again (else points would land on a member
  // who is gone).
  const still = await db
    .selectFrom('members')
    .select('id')
    .where('program_id', '=', config.programId)
    .where('id', '=', memberId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!still) throw notFound('member', memberId);
  return account;
}

export interface AccountChange {
  available?: number;
  pending?: number;
  debt?: number;
  unrecovered?: number;
  earned?: number;
  redeemed?: number;
  expired?: number;
  purchases?: number;
  spend?: number;
  activityAt?: Date;
}

/** Applies deltas to the (locked) account row and returns it. */
export async function changeAccount(
  db: Db,
  programId: string,
  memberId: string,
  d: AccountChange,
  now: Date,
): Promise<AccountRow> {
  return db
    .updateTable('loyalty_accounts')
    .set((eb) => ({
      available: eb('available', '+', d.available ?? 0),
      pending: eb('pending', '+', d.pending ?? 0),
      debt: eb('debt', '+', d.debt ?? 0),
      unrecovered: eb('unrecovered', '+', d.unrecovered ?? 0),
      lifetime_earned: eb('lifetime_earned', '+', d.earned ?? 0),
      lifetime_redeemed: eb('lifetime_redeemed', '+', d.redeemed ?? 0),
      lifetime_expired: eb('lifetime_expired', '+', d.expired ?? 0),
      purchase_count: eb('purchase_count', '+', d.purchases ?? 0),
      lifetime_spend: eb('lifetime_spend', '+', d.spend ?? 0),
      ...(d.activityAt ? { last_activity_at: d.activityAt } : {}),
      updated_at: now,
    }))
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** When inactivity expiry applies, the moment this account's points lapse (null: never). */
export function inactivityDeadline(
  config: LoyaltyConfig,
  account: Pick<AccountRow, 'last_activity_at'>,
): Date | null {
  if (config.settings.expiryPolicy !== 'inactivity' || !account.last_activity_at) return null;
  return addMonths(account.last_activity_at, config.settings.expiryMonths);
}

export interface SettleResult {
  account: AccountRow;
  matured: number;
  expired: number;
}

/**
 * Brings a locked account up to `now`: pending lots whose time has come become available, negative-balance
 * debt is paid from available lots, and lots past their expiry (or all lots, after inactivity) expire with
 * one ledger entry each.
 */
export async function settleAccount(
  db: Db,
  config: LoyaltyConfig,
  account: AccountRow,
  now: Date,
  actor: AuditActor,
): Promise<SettleResult> {
  const { programId } = config;
  const memberId = account.member_id;
  const maturedRows = await db
    .updateTable('loyalty_lots')
    .set({ matured: true })
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('matured', '=', false)
    .where('available_at', '<=', now)
    .returning('remaining')
    .execute();
  const matured = maturedRows.reduce((s, r) => s + r.remaining, 0);
  let debtPaid = 0;
  if (account.debt > 0) {
    const lots = await openLots(db, programId, memberId, { maturedOnly: true });
    const plan = planConsumption(lots, account.debt);
    await applyConsumption(db, programId, plan.takes);
    debtPaid = plan.taken;
  }
  const deadline = inactivityDeadline(config, account);
  const inactive = deadline !== null && deadline <= now;
  let q = db
    .selectFrom('loyalty_lots')
    .select(['id', 'remaining', 'matured', 'expires_at'])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('remaining', '>', 0);
  if (!inactive) q = q.where('expires_at', '<=', now);
  const due = config.settings.expiryPolicy === 'none' && !inactive ? [] : await q.orderBy('id').execute();
  let expiredAvailable = 0;
  let expiredPending = 0;
  if (due.length > 0) {
    await appendLedgerEntries(
      db,
      due.map((lot) => ({
        programId,
        memberId,
        kind: 'expire',
        points: -lot.remaining,
        reason: inactive ? 'inactivity' : 'lot expired',
        source: 'system',
        actor,
        idempotencyKey: `expire:lot:${lot.id}`,
        details: { lotId: lot.id, expiresAt: inactive ? deadline : lot.expires_at },
        occurredAt: now,
        createdAt: now,
      })),
    );
    await db
      .updateTable('loyalty_lots')
      .set({ remaining: 0 })
      .where('program_id', '=', programId)
      .where(
        'id',
        'in',
        due.map((l) => l.id),
      )
      .execute();
    // `matured` is read after this call's maturing, so matured lots are counted in available here.
    for (const lot of due) {
      if (lot.matured) expiredAvailable += lot.remaining;
      else expiredPending += lot.remaining;
    }
  }
  if (matured === 0 && debtPaid === 0 && due.length === 0) return { account, matured: 0, expired: 0 };
  const expired = expiredAvailable + expiredPending;
  const updated = await changeAccount(
    db,
    programId,
    memberId,
    {
      available: matured - expiredAvailable,
      pending: -matured - expiredPending,
      debt: -debtPaid,
      expired,
      ...(inactive ? { activityAt: now } : {}),
    },
    now,
  );
  return { account: updated, matured, expired };
}

export interface Account {
  memberId: string;
  available: number;
  pending: number;
  balance: number;
  debt: number;
  unrecovered: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
  lifetimeExpired: number;
  purchaseCount: number;
  tier: string | null;
  tierSince: Date | null;
  downgradeAt: Date | null;
  lastActivityAt: Date | null;
  /** Points that will expire within the program's warning window, and the first expiry date. */
  expiringSoon: { points: number; firstAt: Date | null };
}

interface LotSums {
  maturing: number;
  lapsed_available: number;
  lapsed_pending: number;
  soon: number;
  first_at: Date | null;
}

const NO_LOTS: LotSums = { maturing: 0, lapsed_available: 0, lapsed_pending: 0, soon: 0, first_at: null };

/** The lot sums getAccount needs, per member: what matured or lapsed since the last settle, and what expires soon. */
async function lotSums(
  db: Db,
  config: LoyaltyConfig,
  memberIds: readonly string[],
  now: Date,
  warnUntil: Date,
): Promise<Map<string, LotSums>> {
  const result = await sql<LotSums & { member_id: string }>`
    select member_id,
      coalesce(sum(remaining) filter (where not matured and available_at <= ${now}), 0)::bigint as maturing,
      coalesce(sum(remaining) filter (where expires_at <= ${now} and (matured or available_at <= ${now})), 0)::bigint as lapsed_available,
      coalesce(sum(remaining) filter (where expires_at <= ${now} and not matured and available_at > ${now}), 0)::bigint as lapsed_pending,
      coalesce(sum(remaining) filter (where expires_at > ${now} and expires_at <= ${warnUntil}), 0)::bigint as soon,
      min(expires_at) filter (where expires_at > ${now}) as first_at
    from loyalty_lots
    where program_id = ${config.programId} and remaining > 0
      and member_id in (${sql.join(memberIds.map((id) => sql`cast(${id} as uuid)`))})
    group by member_id`.execute(db);
  return new Map(
    result.rows.map((r) => [
      r.member_id,
      {
        maturing: Number(r.maturing),
        lapsed_available: Number(r.lapsed_available),
        lapsed_pending: Number(r.lapsed_pending),
        soon: Number(r.soon),
        first_at: r.first_at,
      },
    ]),
  );
}

/** A member with no account row yet: nothing earned, in the lowest tier. */
function emptyAccount(config: LoyaltyConfig, memberId: string): Account {
  return {
    memberId,
    available: 0,
    pending: 0,
    balance: 0,
    debt: 0,
    unrecovered: 0,
    lifetimeEarned: 0,
    lifetimeRedeemed: 0,
    lifetimeExpired: 0,
    purchaseCount: 0,
    tier: config.tiers[0]?.key ?? null,
    tierSince: null,
    downgradeAt: null,
    lastActivityAt: null,
    expiringSoon: { points: 0, firstAt: null },
  };
}

function accountAsOf(
  config: LoyaltyConfig,
  account: AccountRow,
  l: LotSums,
  now: Date,
  warnUntil: Date,
): Account {
  const deadline = inactivityDeadline(config, account);
  let available = account.available + l.maturing - l.lapsed_available;
  let pending = account.pending - l.maturing - l.lapsed_pending;
  let expiringSoon = { points: l.soon, firstAt: l.first_at };
  if (deadline && deadline <= now) {
    available = Math.min(available, 0);
    pending = 0;
  } else if (deadline) {
    expiringSoon =
      deadline <= warnUntil
        ? { points: available + pending, firstAt: deadline }
        : { points: 0, firstAt: deadline };
  }
  return {
    memberId: account.member_id,
    available,
    pending,
    balance: available + pending,
    debt: account.debt,
    unrecovered: account.unrecovered,
    lifetimeEarned: account.lifetime_earned,
    lifetimeRedeemed: account.lifetime_redeemed,
    lifetimeExpired: account.lifetime_expired,
    purchaseCount: account.purchase_count,
    tier: account.tier_key,
    tierSince: account.tier_since,
    downgradeAt: account.downgrade_at,
    lastActivityAt: account.last_activity_at,
    expiringSoon,
  };
}

const warningEnd = (config: LoyaltyConfig, now: Date) =>
  new Date(now.getTime() + config.settings.expiryWarningDays * 86_400_000);

/** The account as of `now`, without writing: lots that matured or expired since the last settle count. */
export async function getAccount(
  db: Db,
  config: LoyaltyConfig,
  memberId: string,
  now: Date,
): Promise<Account> {
  const account = await db
    .selectFrom('loyalty_accounts')
    .selectAll()
    .where('program_id', '=', config.programId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (!account) {
    await getMember(db, config.programId, memberId);
    return emptyAccount(config, memberId);
  }
  const warnUntil = warningEnd(config, now);
  const lots = await lotSums(db, config, [memberId], now, warnUntil);
  return accountAsOf(config, account, lots.get(memberId) ?? NO_LOTS, now, warnUntil);
}

/**
 * getAccount for many members in two queries (a campaign batch). Members are not checked: one without an
 * account row (or unknown) reads as an empty account.
 */
export async function getAccounts(
  db: Db,
  config: LoyaltyConfig,
  memberIds: readonly string[],
  now: Date,
): Promise<Map<string, Account>> {
  const accounts = new Map<string, Account>();
  if (memberIds.length === 0) return accounts;
  const rows = await db
    .selectFrom('loyalty_accounts')
    .selectAll()
    .where('program_id', '=', config.programId)
    .where('member_id', 'in', [...memberIds])
    .execute();
  const warnUntil = warningEnd(config, now);
  const lots = rows.length
    ? await lotSums(
        db,
        config,
        rows.map((r) => r.member_id),
        now,
        warnUntil,
      )
    : new Map();
  const byMember = new Map(rows.map((r) => [r.member_id, r]));
  for (const id of memberIds) {
    const row = byMember.get(id);
    accounts.set(
      id,
      row ? accountAsOf(config, row, lots.get(id) ?? NO_LOTS, now, warnUntil) : emptyAccount(config, id),
    );
  }
  return accounts;
}
