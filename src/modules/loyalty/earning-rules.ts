// Earning rules as data: create, edit, list and retire them (audited). Evaluation lives in rules/.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import type { EarningRule, RuleCaps, RuleConditions, RuleEffect, Stacking } from './rules/types.ts';
import { invalidateLoyaltyConfig } from './settings.ts';
import type { LocalizedNames } from './tables.ts';

export interface EarningRuleInput {
  name: string;
  names?: LocalizedNames | undefined;
  description?: string | undefined;
  active?: boolean | undefined;
  priority?: number | undefined;
  trigger: 'purchase' | 'event';
  event?: string | null | undefined;
  conditions?: RuleConditions | undefined;
  effect: RuleEffect;
  stacking?: Stacking | undefined;
  caps?: RuleCaps | undefined;
}

export interface EarningRuleView extends EarningRule {
  names: LocalizedNames;
  description: string;
  active: boolean;
  awardedPoints: number;
  createdAt: Date;
  updatedAt: Date;
}

type RuleRow = {
  id: string;
  name: string;
  names: LocalizedNames;
  description: string;
  active: boolean;
  priority: number;
  trigger: 'purchase' | 'event';
  event: string | null;
  conditions: Record<string, unknown>;
  effect: Record<string, unknown>;
  stacking: Stacking;
  caps: Record<string, unknown>;
  awarded_points: number;
  created_at: Date;
  updated_at: Date;
};

export function ruleFromRow(row: RuleRow): EarningRule {
  return {
    id: row.id,
    name: row.name,
    names: row.names,
    priority: row.priority,
    trigger: row.trigger,
    event: row.event,
    conditions: row.conditions as RuleConditions,
    effect: row.effect as unknown as RuleEffect,
    stacking: row.stacking,
    caps: row.caps as RuleCaps,
  };
}

function ruleView(row: RuleRow): EarningRuleView {
  return {
    ...ruleFromRow(row),
    names: row.names,
    description: row.description,
    active: row.active,
    awardedPoints: row.awarded_points,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Checks what the schema cannot: consistency between trigger, event, effect and conditions. */
export function checkRule(input: EarningRuleInput): void {
  const bad = (message: string) => new AppError('invalid_rule', 400, message);
  if (input.trigger === 'event' && !input.event) throw bad('An event rule needs "event" (e.g. "signup")');
  if (input.trigger === 'purchase' && input.event)
    throw bad('"event" is only for rules with trigger "event"');
  if (input.trigger === 'event' && input.effect.type !== 'bonus')
    throw bad('Event rules give a fixed bonus (effect type "bonus")');
  const c = input.conditions ?? {};
  if (c.from && c.until && Date.parse(c.from) >= Date.parse(c.until))
    throw bad('"from" must be before "until"');
  if (input.effect.type === 'bonus' && (c.skus?.length || c.categories?.length) && input.trigger === 'event')
    throw bad('SKU and category conditions apply to purchases only');
}

export async function listEarningRules(db: Db, programId: string): Promise<EarningRuleView[]> {
  const rows = await db
    .selectFrom('loyalty_earning_rules')
    .selectAll()
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .orderBy('priority', 'desc')
    .orderBy('name')
    .execute();
  return rows.map(ruleView);
}

export async function getEarningRule(db: Db, programId: string, ruleId: string): Promise<EarningRuleView> {
  const row = await db
    .selectFrom('loyalty_earning_rules')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', ruleId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('earning_rule', ruleId);
  return ruleView(row);
}

export async function createEarningRule(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: EarningRuleInput,
): Promise<EarningRuleView> {
  checkRule(input);
  const rule = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('loyalty_earning_rules')
      .values({
        program_id: programId,
        name: input.name,
        names: JSON.stringify(input.names ?? {}),
        description: input.description ?? '',
        active: input.active ?? true,
        priority: input.priority ?? 0,
        trigger: input.trigger,
        event: input.event ?? null,
        conditions: JSON.stringify(input.conditions ?? {}),
        effect: JSON.stringify(input.effect),
        stacking: input.stacking ?? 'cumulative',
        caps: JSON.stringify(input.caps ?? {}),
        created_at: clock.now(),
        updated_at: clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = ruleView(row);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.earning_rule.created',
      entityType: 'earning_rule',
      entityId: view.id,
      after: view,
    });
    return view;
  });
  invalidateLoyaltyConfig(programId);
  return rule;
}

export async function updateEarningRule(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  ruleId: string,
  patch: Partial<EarningRuleInput>,
): Promise<EarningRuleView> {
  const rule = await db.transaction().execute(async (trx) => {
    const before = await getEarningRule(trx, programId, ruleId);
    const merged: EarningRuleInput = { ...before, ...patch };
    checkRule(merged);
    const row = await trx
      .updateTable('loyalty_earning_rules')
      .set({
        name: merged.name,
        names: JSON.stringify(merged.names ?? {}),
        description: merged.description ?? '',
        active: merged.active ?? true,
        priority: merged.priority ?? 0,
        trigger: merged.trigger,
        event: merged.event ?? null,
        conditions: JSON.stringify(merged.conditions ?? {}),
        effect: JSON.stringify(merged.effect),
        stacking: merged.stacking ?? 'cumulative',
        caps: JSON.stringify(merged.caps ?? {}),
        updated_at: clock.now(),
      })
      .where('program_id', '=', programId)
      .where('id', '=', ruleId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = ruleView(row);
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.earning_rule.updated',
      entityType: 'earning_rule',
      entityId: ruleId,
      before,
      after,
    });
    return after;
  });
  invalidateLoyaltyConfig(programId);
  return rule;
}

/** Retires a rule (kept for the history of what it awarded). */
export async function deleteEarningRule(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  ruleId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await getEarningRule(trx, programId, ruleId);
    await trx
      .updateTable('loyalty_earning_rules')
      .set({ deleted_at: clock.now(), active: false })
      .where('program_id', '=', programId)
      .where('id', '=', ruleId)
      .execute();
    await recordAudit(trx, clock, actor, {
      programId,
      action: 'loyalty.earning_rule.deleted',
      entityType: 'earning_rule',
      entityId: ruleId,
      before,
    });
  });
  invalidateLoyaltyConfig(programId);
}
