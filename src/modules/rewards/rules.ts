// Automatic-reward rules as data: "when a member has earned N points in all / reaches a tier (or one above it) /
// their birthday month begins, give them reward X". A rule is validated against the program (the reward is
// this program's, the tier exists) and every change is audited; a rule is never deleted, only disabled, so
// what it gave keeps its reason.
import type { Selectable } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { loadLoyaltyConfig } from '../loyalty/index.ts';
import type { RewardRulesTable, RuleTrigger } from './tables.ts';

export interface RewardRuleInput {
  name: string;
  trigger: RuleTrigger;
  /** points_earned: the lifetime points that trigger it. */
  points?: number | null | undefined;
  /** tier_reached: the tier key; reaching it or a higher tier triggers it. */
  tier?: string | null | undefined;
  rewardId: string;
  active?: boolean | undefined;
}

export interface RewardRule {
  id: string;
  name: string;
  trigger: RuleTrigger;
  points: number | null;
  tier: string | null;
  rewardId: string;
  active: boolean;
  /** How many coupons it gave, and how many times it could not (out of stock, reward not offered). */
  issued: number;
  skipped: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleIssue {
  memberId: string;
  period: string;
  status: 'issued' | 'skipped';
  reason: string | null;
  couponId: string | null;
  eventId: number | null;
  at: Date;
}

type RuleRow = Selectable<RewardRulesTable>;

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError('invalid_reward_rule', 400, message, details);

function view(r: RuleRow, counts?: { issued: number; skipped: number }): RewardRule {
  return {
    id: r.id,
    name: r.name,
    trigger: r.trigger,
    points: r.points,
    tier: r.tier,
    rewardId: r.reward_id,
    active: r.active,
    issued: counts?.issued ?? 0,
    skipped: counts?.skipped ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function checkRule(db: Db, programId: string, r: RewardRuleInput) {
  if (!r.name.trim()) throw invalid('A rule needs a name', { field: 'name' });
  if (r.trigger === 'points_earned' && !(Number.isSafeInteger(r.points) && r.points! > 0)) {
    throw invalid('A points rule needs a positive whole number of points', { field: 'points' });
  }
  if (r.trigger !== 'points_earned' && r.points != null) {
    throw invalid('Only a points rule has points', { field: 'points' });
  }
  if (r.trigger === 'tier_reached') {
    const tiers = (await loadLoyaltyConfig(db, programId)).tiers.map((t) => t.key);
    if (!r.tier || !tiers.includes(r.tier)) {
      throw invalid(`Unknown tier "${r.tier ?? ''}"`, { field: 'tier', tiers });
    }
  } else if (r.tier != null) {
    throw invalid('Only a tier rule has a tier', { field: 'tier' });
  }
  const reward = await db
    .selectFrom('rewards')
    .select('id')
    .where('program_id', '=', programId)
    .where('id', '=', r.rewardId)
    .executeTakeFirst();
  if (!reward) throw invalid('No such reward in this program', { field: 'rewardId' });
}

const columns = (r: RewardRuleInput) => ({
  name: r.name.trim(),
  trigger: r.trigger,
  points: r.trigger === 'points_earned' ? (r.points ?? null) : null,
  tier: r.trigger === 'tier_reached' ? (r.tier ?? null) : null,
  reward_id: r.rewardId,
  active: r.active ?? true,
});

async function counts(db: Db, programId: string, ruleIds: string[]) {
  if (ruleIds.length === 0) return new Map<string, { issued: number; skipped: number }>();
  const rows = await db
    .selectFrom('reward_rule_issues')
    .select(['rule_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('program_id', '=', programId)
    .where('rule_id', 'in', ruleIds)
    .groupBy(['rule_id', 'status'])
    .execute();
  const out = new Map<string, { issued: number; skipped: number }>();
  for (const r of rows) {
    const c = out.get(r.rule_id) ?? { issued: 0, skipped: 0 };
    c[r.status] = Number(r.n);
    out.set(r.rule_id, c);
  }
  return out;
}

export async function listRewardRules(db: Db, programId: string): Promise<RewardRule[]> {
  const rows = await db
    .selectFrom('reward_rules')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const c = await counts(
    db,
    programId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(r, c.get(r.id)));
}

async function ruleRow(db: Db, programId: string, ruleId: string, forUpdate = false): Promise<RuleRow> {
  let q = db
    .selectFrom('reward_rules')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', ruleId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('reward_rule', ruleId);
  return row;
}

export async function getRewardRule(db: Db, programId: string, ruleId: string): Promise<RewardRule> {
  const row = await ruleRow(db, programId, ruleId);
  return view(row, (await counts(db, programId, [row.id])).get(row.id));
}

export async function createRewardRule(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: RewardRuleInput,
): Promise<RewardRule> {
  await checkRule(db, programId, input);
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const row = await trx
      .insertInto('reward_rules')
      .values({ program_id: programId, ...columns(input), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'rewards.rule.created',
      entityType: 'reward_rule',
      entityId: row.id,
      after: input,
    });
    return view(row);
  });
}

/** Replaces a rule's definition; what it already gave stays given (the keys stay taken). */
export async function updateRewardRule(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  ruleId: string,
  input: RewardRuleInput,
): Promise<RewardRule> {
  await checkRule(db, programId, input);
  const row = await db.transaction().execute(async (trx) => {
    const before = await ruleRow(trx, programId, ruleId, true);
    const after = await trx
      .updateTable('reward_rules')
      .set({ ...columns(input), updated_at: clock.now() })
      .where('program_id', '=', programId)
      .where('id', '=', ruleId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'rewards.rule.updated',
      entityType: 'reward_rule',
      entityId: ruleId,
      before: view(before),
      after: input,
    });
    return after;
  });
  return view(row, (await counts(db, programId, [row.id])).get(row.id));
}

export async function disableRewardRule(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  ruleId: string,
): Promise<RewardRule> {
  const row = await db.transaction().execute(async (trx) => {
    const before = await ruleRow(trx, programId, ruleId, true);
    if (!before.active) return before;
    const after = await trx
      .updateTable('reward_rules')
      .set({ active: false, updated_at: clock.now() })
      .where('program_id', '=', programId)
      .where('id', '=', ruleId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'rewards.rule.disabled',
      entityType: 'reward_rule',
      entityId: ruleId,
    });
    return after;
  });
  return view(row, (await counts(db, programId, [row.id])).get(row.id));
}

/** What a rule gave, newest first. */
export async function listRuleIssues(
  db: Db,
  programId: string,
  ruleId: string,
  limit = 50,
): Promise<RuleIssue[]> {
  await ruleRow(db, programId, ruleId);
  const rows = await db
    .selectFrom('reward_rule_issues')
    .selectAll()
    .where('program_id', '=', programId)
    .where('rule_id', '=', ruleId)
    .orderBy('at', 'desc')
    .orderBy('member_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    period: r.period,
    status: r.status,
    reason: r.reason,
    couponId: r.coupon_id,
    eventId: r.event_id === null ? null : Number(r.event_id),
    at: r.at,
  }));
}
