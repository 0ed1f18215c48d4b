// Per-rule caps: how many points a capped rule may still award this member today / this month, and how much
// of the program budget is left. Member caps are safe under the account lock; the budget locks the rule row.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CapAllowances, EarningResult, EarningRule } from './rules/types.ts';

const hasCaps = (r: EarningRule) =>
  r.caps.perMemberPerDay !== undefined ||
  r.caps.perMemberPerMonth !== undefined ||
  r.caps.programBudget !== undefined;

/** Rules among the fired ones whose caps need checking. */
export function cappedRulesFired(rules: readonly EarningRule[], result: EarningResult): EarningRule[] {
  const fired = new Set(result.rules.filter((o) => o.fired).map((o) => o.ruleId));
  return rules.filter((r) => fired.has(r.id) && hasCaps(r));
}

export async function capAllowances(
  db: Db,
  programId: string,
  memberId: string,
  localDay: string,
  rules: readonly EarningRule[],
): Promise<CapAllowances> {
  const allowances = new Map<string, { remaining: number; cap: string }>();
  for (const rule of rules) {
    const limits: { remaining: number; cap: string }[] = [];
    if (rule.caps.perMemberPerDay !== undefined || rule.caps.perMemberPerMonth !== undefined) {
      const used = await sql<{ day: number; month: number }>`
        select coalesce(sum(points) filter (where local_day = ${localDay}), 0)::bigint as day,
               coalesce(sum(points), 0)::bigint as month
        from loyalty_rule_awards
        where program_id = ${programId} and rule_id = ${rule.id} and member_id = ${memberId}
          and local_day like ${`${localDay.slice(0, 7)}-%`}`.execute(db);
      const u = used.rows[0]!;
      if (rule.caps.perMemberPerDay !== undefined)
        limits.push({ remaining: rule.caps.perMemberPerDay - u.day, cap: 'perMemberPerDay' });
      if (rule.caps.perMemberPerMonth !== undefined)
        limits.push({ remaining: rule.caps.perMemberPerMonth - u.month, cap: 'perMemberPerMonth' });
    }
    if (rule.caps.programBudget !== undefined) {
      const row = await db
        .selectFrom('loyalty_earning_rules')
        .select('awarded_points')
        .where('program_id', '=', programId)
        .where('id', '=', rule.id)
        .forUpdate()
        .executeTakeFirst();
      limits.push({ remaining: rule.caps.programBudget - (row?.awarded_points ?? 0), cap: 'programBudget' });
    }
    const tightest = limits.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    allowances.set(rule.id, { remaining: Math.max(0, tightest.remaining), cap: tightest.cap });
  }
  return allowances;
}

/** Records what capped rules awarded, so the next cap check sees it. */
export async function recordCappedAwards(
  db: Db,
  input: {
    programId: string;
    memberId: string;
    localDay: string;
    ledgerEntryId: number;
    at: Date;
    rules: readonly EarningRule[];
    result: EarningResult;
  },
): Promise<void> {
  for (const rule of input.rules) {
    const points = input.result.rules.find((o) => o.ruleId === rule.id && o.fired)?.points ?? 0;
    if (points <= 0) continue;
    if (rule.caps.perMemberPerDay !== undefined || rule.caps.perMemberPerMonth !== undefined) {
      await db
        .insertInto('loyalty_rule_awards')
        .values({
          program_id: input.programId,
          rule_id: rule.id,
          member_id: input.memberId,
          points,
          local_day: input.localDay,
          ledger_entry_id: input.ledgerEntryId,
          at: input.at,
        })
        .execute();
    }
    if (rule.caps.programBudget !== undefined) {
      await db
        .updateTable('loyalty_earning_rules')
        .set((eb) => ({ awarded_points: eb('awarded_points', '+', points) }))
        .where('program_id', '=', input.programId)
        .where('id', '=', rule.id)
        .execute();
    }
  }
}
