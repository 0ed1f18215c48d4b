// The ledger consistency check (`moadon check-ledger`): every account must equal the sum of its ledger, its
// lots must add up to available + pending, and no counter may be negative where it must not be.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface LedgerProblem {
  programId: string;
  memberId: string;
  problem: string;
  expected: number;
  actual: number;
}

export async function checkLedger(
  db: Db,
  programId?: string,
): Promise<{ accounts: number; problems: LedgerProblem[] }> {
  const filter = programId ? sql`where a.program_id = ${programId}` : sql``;
  const rows = await sql<{
    program_id: string;
    member_id: string;
    available: number;
    pending: number;
    debt: number;
    lifetime_earned: number;
    lifetime_redeemed: number;
    lifetime_expired: number;
    ledger_sum: number;
    earned_sum: number;
    redeemed_sum: number;
    expired_sum: number;
    matured_lots: number;
    pending_lots: number;
  }>`
    select a.program_id, a.member_id, a.available, a.pending, a.debt,
      a.lifetime_earned, a.lifetime_redeemed, a.lifetime_expired,
      coalesce(l.total, 0)::bigint as ledger_sum,
      coalesce(l.earned, 0)::bigint as earned_sum,
      coalesce(l.redeemed, 0)::bigint as redeemed_sum,
      coalesce(l.expired, 0)::bigint as expired_sum,
      coalesce(t.matured, 0)::bigint as matured_lots,
      coalesce(t.pending, 0)::bigint as pending_lots
    from loyalty_accounts a
    left join lateral (
      select sum(points) as total,
        sum(points) filter (where kind in ('earn', 'reverse')) as earned,
        -sum(points) filter (where kind = 'redeem') as redeemed,
        -sum(points) filter (where kind = 'expire') as expired
      from loyalty_ledger e where e.program_id = a.program_id and e.member_id = a.member_id
    ) l on true
    left join lateral (
      select sum(remaining) filter (where matured) as matured, sum(remaining) filter (where not matured) as pending
      from loyalty_lots o where o.program_id = a.program_id and o.member_id = a.member_id and o.remaining > 0
    ) t on true
    ${filter}`.execute(db);
  const problems: LedgerProblem[] = [];
  const check = (r: (typeof rows.rows)[number], problem: string, expected: number, actual: number) => {
    if (expected !== actual)
      problems.push({ programId: r.program_id, memberId: r.member_id, problem, expected, actual });
  };
  for (const r of rows.rows) {
    check(r, 'available + pending differs from the ledger sum', r.ledger_sum, r.available + r.pending);
    check(r, 'pending differs from the pending lots', r.pending_lots, r.pending);
    check(r, 'available differs from the available lots minus debt', r.matured_lots - r.debt, r.available);
    check(r, 'lifetime earned differs from earn + reverse entries', r.earned_sum, r.lifetime_earned);
    check(r, 'lifetime redeemed differs from redeem entries', r.redeemed_sum, r.lifetime_redeemed);
    check(r, 'lifetime expired differs from expire entries', r.expired_sum, r.lifetime_expired);
  }
  return { accounts: rows.rows.length, problems };
}
