// Scheduled maintenance of lots: pending points become available, expired lots are written off with expire
// entries, and members are warned before their points lapse (a points.expiring event for journeys).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { lockAccount, settleAccount } from './account.ts';
import { addMonths } from './local-time.ts';
import { emitLoyaltyEvent } from './outbox.ts';
import { loadLoyaltyConfig } from './settings.ts';

const BATCH = 500;

/** Settles every account of the program that has lots to mature or expire (or has gone inactive). */
export async function expirePoints(
  db: Db,
  clock: Clock,
  programId: string,
): Promise<{ accounts: number; matured: number; expired: number }> {
  const config = await loadLoyaltyConfig(db, programId);
  const now = clock.now();
  const members = new Set<string>();
  const dueLots = await db
    .selectFrom('loyalty_lots')
    .select('member_id')
    .distinct()
    .where('program_id', '=', programId)
    .where('remaining', '>', 0)
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now),
        eb.and([eb('matured', '=', false), eb('available_at', '<=', now)]),
      ]),
    )
    .execute();
  for (const r of dueLots) members.add(r.member_id);
  if (config.settings.expiryPolicy === 'inactivity') {
    const inactive = await db
      .selectFrom('loyalty_accounts')
      .select('member_id')
      .where('program_id', '=', programId)
      .where('last_activity_at', '<=', addMonths(now, -config.settings.expiryMonths))
      .where((eb) => eb.or([eb('available', '>', 0), eb('pending', '>', 0)]))
      .execute();
    for (const r of inactive) members.add(r.member_id);
  }
  let matured = 0;
  let expired = 0;
  for (const memberId of members) {
    const result = await db.transaction().execute(async (trx) => {
      const account = await lockAccount(trx, config, memberId, now).catch(() => undefined);
      if (!account) return { matured: 0, expired: 0 };
      const settled = await settleAccount(trx, config, account, now, SYSTEM_ACTOR);
      if (settled.expired > 0) {
        await emitLoyaltyEvent(trx, {
          programId,
          memberId,
          type: 'points.expired',
          payload: { points: settled.expired },
          at: now,
        });
      }
      return settled;
    });
    matured += result.matured;
    expired += result.expired;
  }
  return { accounts: members.size, matured, expired };
}

/** Emits points.expiring once per lot (fixed expiry) or per inactivity period, N days before expiry. */
export async function warnExpiringPoints(
  db: Db,
  clock: Clock,
  programId: string,
): Promise<{ warned: number }> {
  const config = await loadLoyaltyConfig(db, programId);
  const s = config.settings;
  const now = clock.now();
  const horizon = new Date(now.getTime() + s.expiryWarningDays * 86_400_000);
  let warned = 0;
  if (s.expiryPolicy === 'fixed') {
    for (;;) {
      const rows = await sql<{ member_id: string; points: number; first_at: Date; ids: number[] }>`
        select member_id, sum(remaining)::bigint as points, min(expires_at) as first_at, array_agg(id) as ids
        from loyalty_lots
        where program_id = ${programId} and remaining > 0 and warned_at is null
          and expires_at > ${now} and expires_at <= ${horizon}
        group by member_id
        limit ${BATCH}`.execute(db);
      if (rows.rows.length === 0) break;
      for (const r of rows.rows) {
        await db.transaction().execute(async (trx) => {
          await emitLoyaltyEvent(trx, {
            programId,
            memberId: r.member_id,
            type: 'points.expiring',
            payload: { points: r.points, expiresAt: r.first_at, policy: 'fixed' },
            at: now,
          });
          await trx
            .updateTable('loyalty_lots')
            .set({ warned_at: now })
            .where('program_id', '=', programId)
            .where('id', 'in', r.ids.map(Number))
            .execute();
        });
        warned++;
      }
    }
  } else if (s.expiryPolicy === 'inactivity') {
    const lastActiveBefore = addMonths(horizon, -s.expiryMonths);
    const rows = await db
      .selectFrom('loyalty_accounts')
      .select(['member_id', 'available', 'pending', 'last_activity_at'])
      .where('program_id', '=', programId)
      .where('last_activity_at', '<=', lastActiveBefore)
      .where('last_activity_at', '>', addMonths(now, -s.expiryMonths))
      .where((eb) =>
        eb.or([eb('expiry_warned_at', 'is', null), eb('expiry_warned_at', '<', eb.ref('last_activity_at'))]),
      )
      .where((eb) => eb.or([eb('available', '>', 0), eb('pending', '>', 0)]))
      .execute();
    for (const r of rows) {
      await db.transaction().execute(async (trx) => {
        await emitLoyaltyEvent(trx, {
          programId,
          memberId: r.member_id,
          type: 'points.expiring',
          payload: {
            points: r.available + r.pending,
            expiresAt: addMonths(r.last_activity_at!, s.expiryMonths),
            policy: 'inactivity',
          },
          at: now,
        });
        await trx
          .updateTable('loyalty_accounts')
          .set({ expiry_warned_at: now })
          .where('program_id', '=', programId)
          .where('member_id', '=', r.member_id)
          .execute();
      });
      warned++;
    }
  }
  return { warned };
}
