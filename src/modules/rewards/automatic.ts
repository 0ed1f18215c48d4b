// Automatic rewards: the rules of rules.ts, evaluated as the loyalty events arrive (an outbox subscriber, in
// the dispatcher's transaction) and by a daily sweep for birthday months. Each (rule, member, period) is
// claimed by inserting its key into reward_rule_issues — `on conflict do nothing`, not a check then an insert —
// so a repeated event, two dispatchers or the sweep racing an event give the reward exactly once. The claim,
// the stock taken and the coupon commit together; a reward that cannot be given (out of stock, not offered)
// is recorded as skipped with the reason, and its key stays taken: the member is not given it later.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { subscribe } from '../../platform/events/index.ts';
import { AppError } from '../../platform/http/errors.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { getAccount, loadLoyaltyConfig } from '../loyalty/index.ts';
import { grantReward } from './grant.ts';
import type { RewardRulesTable } from './tables.ts';
import type { Selectable } from 'kysely';

type RuleRow = Selectable<RewardRulesTable>;
export type IssueOutcome = 'issued' | 'skipped' | 'already';

/** Points and tier rules are given once per member; a birthday rule once per member per local year. */
export const ONCE = 'once';

/** Claims the rule's key for the member and period and gives the reward, inside `trx`. */
export async function issueOnce(
  trx: Db,
  clock: Clock,
  rule: RuleRow,
  memberId: string,
  period: string,
  eventId: number | null,
): Promise<IssueOutcome> {
  const claimed = await trx
    .insertInto('reward_rule_issues')
    .values({
      program_id: rule.program_id,
      rule_id: rule.id,
      member_id: memberId,
      period,
      status: 'issued',
      reason: null,
      coupon_id: null,
      event_id: eventId,
      at: clock.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('rule_id')
    .executeTakeFirst();
  if (!claimed) return 'already';
  let couponId: string | null = null;
  let reason: string | null = null;
  try {
    couponId = (
      await grantReward(trx, clock, SYSTEM_ACTOR, {
        programId: rule.program_id,
        memberId,
        rewardId: rule.reward_id,
        why: { ruleId: rule.id, rule: rule.name, trigger: rule.trigger, period, eventId },
      })
    ).id;
  } catch (e) {
    // grantReward refuses before it writes anything, so the transaction is still good to record why.
    if (!(e instanceof AppError)) throw e;
    reason = e.code;
  }
  await trx
    .updateTable('reward_rule_issues')
    .set(couponId ? { coupon_id: couponId } : { status: 'skipped', reason })
    .where('program_id', '=', rule.program_id)
    .where('rule_id', '=', rule.id)
    .where('member_id', '=', memberId)
    .where('period', '=', period)
    .execute();
  return couponId ? 'issued' : 'skipped';
}

/**
 * The member's points and tier rules against their account now: a points rule once they have earned its
 * points in all (lifetime, pending included), a tier rule once their tier ranks at or above its tier.
 */
export async function evaluateMemberRules(
  trx: Db,
  clock: Clock,
  programId: string,
  memberId: string,
  eventId: number | null,
): Promise<IssueOutcome[]> {
  const rules = await trx
    .selectFrom('reward_rules')
    .selectAll()
    .where('program_id', '=', programId)
    .where('active', '=', true)
    .where('trigger', 'in', ['points_earned', 'tier_reached'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rules.length === 0) return [];
  const member = await trx
    .selectFrom('members')
    .select('id')
    .where('program_id', '=', programId)
    .where('id', '=', memberId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!member) return [];
  const config = await loadLoyaltyConfig(trx, programId);
  const account = await getAccount(trx, config, memberId, clock.now());
  const rank = (key: string | null) => config.tiers.find((t) => t.key === key)?.rank ?? null;
  const memberRank = rank(account.tier);
  const outcomes: IssueOutcome[] = [];
  for (const rule of rules) {
    const due =
      rule.trigger === 'points_earned'
        ? account.lifetimeEarned >= (rule.points ?? Infinity)
        : memberRank !== null && memberRank >= (rank(rule.tier) ?? Infinity);
    if (due) outcomes.push(await issueOnce(trx, clock, rule, memberId, ONCE, eventId));
  }
  return outcomes;
}

/** Points and tier rules on every event that can change a member's points or tier. */
export const automaticRewardsSubscription = subscribe({
  name: 'rewards.automatic-rewards',
  types: ['points.earned', 'purchase.recorded', 'tier.changed'],
  from: 'now',
  async handle(trx, event, { clock }) {
    if (!event.memberId) return;
    if (event.type === 'purchase.recorded' && (event.payload as { points: number }).points <= 0) return;
    await evaluateMemberRules(trx, clock, event.programId, event.memberId, event.id);
  },
});

function localYearMonth(at: Date, timeZone: string): { year: string; month: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { year: String(parts.year), month: Number(parts.month) };
}

/**
 * The birthday sweep of one program: members whose birthday month it is in the program's time zone get each
 * active birthday rule's reward, once per local year; one short transaction per member.
 */
export async function issueBirthdayRewards(
  db: Db,
  clock: Clock,
  programId: string,
): Promise<{ issued: number; skipped: number }> {
  const rules = await db
    .selectFrom('reward_rules')
    .selectAll()
    .where('program_id', '=', programId)
    .where('active', '=', true)
    .where('trigger', '=', 'birthday_month')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const result = { issued: 0, skipped: 0 };
  if (rules.length === 0) return result;
  const { timeZone } = await loadLoyaltyConfig(db, programId);
  const { year, month } = localYearMonth(clock.now(), timeZone);
  for (const rule of rules) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await sql<{ id: string }>`
        select m.id from members m
        where m.program_id = ${programId} and m.deleted_at is null and m.id > ${after}
          and extract(month from m.birthday) = ${month}
          and not exists (select 1 from reward_rule_issues i where i.program_id = m.program_id
            and i.rule_id = ${rule.id} and i.member_id = m.id and i.period = ${year})
        order by m.id limit 500`.execute(db);
      if (batch.rows.length === 0) break;
      for (const { id } of batch.rows) {
        const outcome = await db.transaction().execute((trx) => issueOnce(trx, clock, rule, id, year, null));
        if (outcome !== 'already') result[outcome]++;
      }
      after = batch.rows[batch.rows.length - 1]!.id;
    }
  }
  return result;
}

/** Programs with an active birthday rule, for the daily fan-out. */
export async function programsWithBirthdayRules(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('reward_rules')
    .select('program_id')
    .distinct()
    .where('active', '=', true)
    .where('trigger', '=', 'birthday_month')
    .execute();
  return rows.map((r) => r.program_id);
}
