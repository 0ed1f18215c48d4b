// The rewards catalog: what a member can get for points. Each reward is checked as a whole on create and
// update (kind-specific settings, tiers that exist, a sane window), so a bad reward is never stored.
import type { Selectable } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { loadLoyaltyConfig } from '../loyalty/index.ts';
import type { DiscountConditions } from './discounts/types.ts';
import type { LimitPeriod, RewardEffect, RewardKind, RewardsTable, RewardTexts } from './tables.ts';

export interface RewardInput {
  kind: RewardKind;
  costPoints: number;
  freeFromTier?: string | null | undefined;
  /** null: unlimited. */
  stock?: number | null | undefined;
  perMemberLimit?: number | null | undefined;
  periodLimit?: { count: number; period: LimitPeriod } | null | undefined;
  minTier?: string | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
  couponValidDays?: number | null | undefined;
  texts: RewardTexts;
  imageUrl?: string | null | undefined;
  active?: boolean | undefined;
  sortOrder?: number | undefined;
  businessCost?: number | undefined;
  effect?: RewardEffect | undefined;
  conditions?: DiscountConditions | undefined;
}

export interface Reward {
  id: string;
  kind: RewardKind;
  costPoints: number;
  freeFromTier: string | null;
  stockTotal: number | null;
  stockLeft: number | null;
  perMemberLimit: number | null;
  periodLimit: { count: number; period: LimitPeriod } | null;
  minTier: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
  couponValidDays: number | null;
  texts: RewardTexts;
  imageUrl: string | null;
  active: boolean;
  sortOrder: number;
  businessCost: number;
  effect: RewardEffect;
  conditions: DiscountConditions;
  createdAt: Date;
  updatedAt: Date;
}

export type RewardRow = Selectable<RewardsTable>;

export function rewardView(r: RewardRow): Reward {
  return {
    id: r.id,
    kind: r.kind,
    costPoints: r.cost_points,
    freeFromTier: r.free_from_tier,
    stockTotal: r.stock_total,
    stockLeft: r.stock_left,
    perMemberLimit: r.per_member_limit,
    periodLimit: r.period_limit && r.limit_period ? { count: r.period_limit, period: r.limit_period } : null,
    minTier: r.min_tier,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    couponValidDays: r.coupon_valid_days,
    texts: r.texts,
    imageUrl: r.image_url,
    active: r.active,
    sortOrder: r.sort_order,
    businessCost: r.business_cost,
    effect: r.effect,
    conditions: r.conditions,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('invalid_reward', 400, message, details);

/** Kind-specific settings each reward needs; the schema checks types, this checks meaning. */
function checkEffect(kind: RewardKind, e: RewardEffect): void {
  const need = (field: keyof RewardEffect, ok: boolean, what: string) => {
    if (!ok) throw invalid(`A ${kind.replace(/_/g, ' ')} reward needs ${what}`, { field: `effect.${field}` });
  };
  switch (kind) {
    case 'percentage_discount':
      need('percent', Number.isInteger(e.percent) && e.percent! >= 1 && e.percent! <= 100, 'percent 1–100');
      break;
    case 'fixed_discount':
      need('amount', Number.isInteger(e.amount) && e.amount! > 0, 'a positive amount in minor units');
      break;
    case 'gift_card':
      need('value', Number.isInteger(e.value) && e.value! > 0, 'a positive value in minor units');
      break;
    case 'free_product':
      need('sku', typeof e.sku === 'string' && e.sku.length > 0, 'the SKU given for free');
      break;
    case 'partner_product':
      need('partnerId', typeof e.partnerId === 'string' && e.partnerId.length > 0, 'a partnerId');
      break;
    case 'donation':
      need('cause', typeof e.cause === 'string' && e.cause.length > 0, 'the cause the points go to');
      break;
    case 'free_shipping':
    case 'early_access':
      break;
  }
}

async function checkReward(db: Db, programId: string, r: RewardInput): Promise<void> {
  if (!Object.values(r.texts).some((t) => t?.name.trim())) {
    throw invalid('A reward needs a name in at least one language', { field: 'texts' });
  }
  checkEffect(r.kind, r.effect ?? {});
  const tiers = (await loadLoyaltyConfig(db, programId)).tiers.map((t) => t.key);
  for (const field of ['minTier', 'freeFromTier'] as const) {
    const tier = r[field];
    if (tier && !tiers.includes(tier)) {
      throw invalid(`Unknown tier "${tier}"`, { field, tiers });
    }
  }
  if (r.validFrom && r.validUntil && Date.parse(r.validFrom) >= Date.parse(r.validUntil)) {
    throw invalid('validUntil must be after validFrom', { field: 'validUntil' });
  }
  if (r.kind === 'donation' && r.costPoints === 0) {
    throw invalid('A donation gives points: costPoints must be positive', { field: 'costPoints' });
  }
}

function columns(r: RewardInput) {
  return {
    kind: r.kind,
    cost_points: r.costPoints,
    free_from_tier: r.freeFromTier ?? null,
    per_member_limit: r.perMemberLimit ?? null,
    period_limit: r.periodLimit?.count ?? null,
    limit_period: r.periodLimit?.period ?? null,
    min_tier: r.minTier ?? null,
    valid_from: r.validFrom ?? null,
    valid_until: r.validUntil ?? null,
    coupon_valid_days: r.couponValidDays ?? null,
    texts: JSON.stringify(r.texts),
    image_url: r.imageUrl ?? null,
    active: r.active ?? true,
    sort_order: r.sortOrder ?? 0,
    business_cost: r.businessCost ?? 0,
    effect: JSON.stringify(r.effect ?? {}),
    conditions: JSON.stringify(r.conditions ?? {}),
  };
}

export async function createReward(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: RewardInput,
): Promise<Reward> {
  await checkReward(db, programId, input);
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const row = await trx
      .insertInto('rewards')
      .values({
        program_id: programId,
        ...columns(input),
        stock_total: input.stock ?? null,
        stock_left: input.stock ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'rewards.reward.created',
      entityType: 'reward',
      entityId: row.id,
      after: input,
    });
    return rewardView(row);
  });
}

export async function getRewardRow(db: Db, programId: string, rewardId: string): Promise<RewardRow> {
  const row = await db
    .selectFrom('rewards')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', rewardId)
    .executeTakeFirst();
  if (!row) throw notFound('reward', rewardId);
  return row;
}

export async function getReward(db: Db, programId: string, rewardId: string): Promise<Reward> {
  return rewardView(await getRewardRow(db, programId, rewardId));
}

export async function listRewards(
  db: Db,
  programId: string,
  options: { activeOnly?: boolean } = {},
): Promise<Reward[]> {
  let q = db.selectFrom('rewards').selectAll().where('program_id', '=', programId);
  if (options.activeOnly) q = q.where('active', '=', true);
  const rows = await q.orderBy('sort_order').orderBy('created_at').execute();
  return rows.map(rewardView);
}

/**
 * Replaces a reward's definition. Changing the stock sets the total; what is left moves by the same
 * difference (never below zero), so coupons already issued stay counted. Issued coupons keep the terms
 * they were issued with.
 */
export async function updateReward(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  rewardId: string,
  input: RewardInput,
): Promise<Reward> {
  await checkReward(db, programId, input);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('rewards')
      .selectAll()
      .where('program_id', '=', programId)
      .where('id', '=', rewardId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('reward', rewardId);
    const stock = input.stock ?? null;
    const issued =
      before.stock_total !== null && before.stock_left !== null ? before.stock_total - before.stock_left : 0;
    const row = await trx
      .updateTable('rewards')
      .set({
        ...columns(input),
        stock_total: stock,
        stock_left: stock === null ? null : Math.max(0, stock - issued),
        updated_at: clock.now(),
      })
      .where('program_id', '=', programId)
      .where('id', '=', rewardId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'rewards.reward.updated',
      entityType: 'reward',
      entityId: rewardId,
      before: rewardView(before),
      after: input,
    });
    return rewardView(row);
  });
}

/** The reward's text in the member's language, else Hebrew, English, Persian — whichever exists. */
export function rewardText(
  texts: RewardTexts,
  locale: string,
): { name: string; description: string; terms: string } {
  const order = [locale, 'he', 'en', 'fa'] as const;
  for (const l of order) {
    const t = texts[l as keyof RewardTexts];
    if (t?.name.trim()) return { name: t.name, description: t.description ?? '', terms: t.terms ?? '' };
  }
  return { name: '', description: '', terms: '' };
}
