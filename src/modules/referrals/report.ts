// The referral report and a member's referral progress: links opened, friends joined, qualified, expired
// and blocked (by reason), conversion, top referrers, points and rewards paid, and this month's count
// against the program's target (the month as the club's clock on the wall has it).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { membersByIds } from '../members/index.ts';
import { getProgram } from '../programs/index.ts';
import { getReferralSettings } from './settings.ts';

export interface ReferralCounts {
  joined: number;
  pending: number;
  qualified: number;
  expired: number;
  blocked: number;
}

async function countsBy(db: Db, programId: string, referrerId?: string) {
  let q = db
    .selectFrom('referrals')
    .select(['status', 'block_reason', sql<number>`count(*)::int`.as('n')])
    .where('program_id', '=', programId)
    .groupBy(['status', 'block_reason']);
  if (referrerId) q = q.where('referrer_id', '=', referrerId);
  const rows = await q.execute();
  const counts: ReferralCounts = { joined: 0, pending: 0, qualified: 0, expired: 0, blocked: 0 };
  const blockedBy: Record<string, number> = {};
  for (const r of rows) {
    if (r.status === 'blocked') {
      counts.blocked += r.n;
      blockedBy[r.block_reason!] = (blockedBy[r.block_reason!] ?? 0) + r.n;
      continue;
    }
    counts.joined += r.n;
    if (r.status === 'joined') counts.pending += r.n;
    else counts[r.status] += r.n;
  }
  return { counts, blockedBy };
}

async function paidBy(db: Db, programId: string, memberId?: string) {
  let q = db
    .selectFrom('referral_payouts')
    .select([
      sql<number>`coalesce(sum(points), 0)::bigint`.as('points'),
      sql<number>`count(coupon_id)::int`.as('rewards'),
    ])
    .where('program_id', '=', programId)
    .where('status', '=', 'paid');
  if (memberId) q = q.where('member_id', '=', memberId);
  const row = await q.executeTakeFirstOrThrow();
  return { points: Number(row.points), rewards: row.rewards };
}

export async function referralReport(db: Db, clock: Clock, programId: string) {
  const program = await getProgram(db, programId);
  const settings = await getReferralSettings(db, programId);
  const { counts, blockedBy } = await countsBy(db, programId);
  const visits = await db
    .selectFrom('referral_codes')
    .select([
      sql<number>`coalesce(sum(visits), 0)::bigint`.as('visits'),
      sql<number>`count(*)::int`.as('codes'),
    ])
    .where('program_id', '=', programId)
    .executeTakeFirstOrThrow();
  const month = await sql<{ n: number }>`
    select count(*)::int as n from referrals
    where program_id = ${programId} and status = 'qualified'
      and qualified_at >= (date_trunc('month', ${clock.now()}::timestamptz at time zone ${program.timeZone})
        at time zone ${program.timeZone})`.execute(db);
  const top = await db
    .selectFrom('referrals')
    .select(['referrer_id', sql<number>`count(*)::int`.as('qualified')])
    .where('program_id', '=', programId)
    .where('status', '=', 'qualified')
    .groupBy('referrer_id')
    .orderBy('qualified', 'desc')
    .orderBy('referrer_id')
    .limit(10)
    .execute();
  const people = await membersByIds(
    db,
    programId,
    top.map((t) => t.referrer_id),
  );
  const topPaid = await Promise.all(top.map((t) => paidBy(db, programId, t.referrer_id)));
  return {
    codes: visits.codes,
    visits: Number(visits.visits),
    ...counts,
    blockedBy,
    conversion: counts.joined ? counts.qualified / counts.joined : 0,
    paid: await paidBy(db, programId),
    thisMonth: { qualified: month.rows[0]!.n, target: settings.monthlyTarget },
    topReferrers: top.map((t, i) => {
      const m = people.get(t.referrer_id);
      return {
        memberId: t.referrer_id,
        name: m ? [m.firstName, m.lastName].filter(Boolean).join(' ') || (m.email ?? '') : '',
        qualified: t.qualified,
        points: topPaid[i]!.points,
        ambassador: settings.ambassador ? t.qualified >= settings.ambassador.after : false,
      };
    }),
  };
}

export async function memberReferralProgress(db: Db, programId: string, memberId: string) {
  const settings = await getReferralSettings(db, programId);
  const { counts } = await countsBy(db, programId, memberId);
  const paid = await paidBy(db, programId, memberId);
  return {
    ...counts,
    pointsEarned: paid.points,
    rewardsEarned: paid.rewards,
    ambassador: settings.ambassador
      ? { after: settings.ambassador.after, reached: counts.qualified >= settings.ambassador.after }
      : null,
  };
}

export async function listReferrals(db: Db, programId: string, options: { limit: number; status?: string }) {
  let q = db
    .selectFrom('referrals')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('joined_at', 'desc')
    .orderBy('id')
    .limit(options.limit);
  if (options.status) q = q.where('status', '=', options.status as never);
  const rows = await q.execute();
  const people = await membersByIds(db, programId, [
    ...new Set(rows.flatMap((r) => [r.referrer_id, r.referee_id])),
  ]);
  const name = (id: string) => {
    const m = people.get(id);
    return m ? [m.firstName, m.lastName].filter(Boolean).join(' ') || (m.email ?? m.phone ?? '') : '';
  };
  return rows.map((r) => ({
    id: r.id,
    referrerId: r.referrer_id,
    referrerName: name(r.referrer_id),
    refereeId: r.referee_id,
    refereeName: name(r.referee_id),
    status: r.status,
    blockReason: r.block_reason,
    joinedAt: r.joined_at,
    qualifyBy: r.qualify_by,
    qualifiedAt: r.qualified_at,
    orderId: r.order_id,
  }));
}
