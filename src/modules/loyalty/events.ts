// Bonus points for member events: signup, birthday month, profile completed, survey answered, referral
// qualified, or any custom track event. The ingest module calls awardEventBonus for Segment track calls.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuditActor } from '../audit/index.ts';
import { getMember } from '../members/index.ts';
import { lockAccount } from './account.ts';
import { bookEarning, earningContext, evaluateWithCaps } from './earning.ts';
import { findLedgerEntryByKey } from './ledger.ts';
import type { RuleOutcome } from './rules/types.ts';
import { loadLoyaltyConfig } from './settings.ts';
import { evaluateAccountTier } from './tiers.ts';

export const SIGNUP_EVENT = 'signup';

export interface EventBonusInput {
  memberId: string;
  /** signup, first_purchase, birthday_month, profile_completed, survey_answered, referral_qualified, or custom */
  event: string;
  occurredAt?: Date | string | undefined;
  /**
   * The same key again awards nothing more (e.g. `birthday:<memberId>:2026`). A `signup` event is always keyed
   * `signup:<memberId>`: one signup bonus per member, whatever key is sent.
   */
  idempotencyKey: string;
}

export interface EventBonus {
  memberId: string;
  event: string;
  points: number;
  ledgerEntryId: number | null;
  rules: RuleOutcome[];
  replayed: boolean;
}

export async function awardEventBonus(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  input: EventBonusInput,
): Promise<EventBonus> {
  if (!input.idempotencyKey)
    throw new AppError('idempotency_key_required', 400, 'An idempotency key is required');
  const config = await loadLoyaltyConfig(db, programId);
  const now = clock.now();
  const occurredAt = input.occurredAt === undefined ? now : new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) throw new AppError('invalid_date', 400, 'occurredAt is not a date');
  // A member signs up once: whatever key the caller sends, a signup bonus is booked under one key per member,
  // so the award at creation (awardSignupBonus) and an explicit signup event never both pay.
  const key =
    input.event === SIGNUP_EVENT ? `event:signup:${input.memberId}` : `event:${input.idempotencyKey}`;
  const listened = config.rules.some((r) => r.trigger === 'event' && r.event === input.event);
  if (!listened && !(await findLedgerEntryByKey(db, programId, key))) {
    // Most tracked events earn nothing: answer without locking the account (a busy event stream would queue).
    await getMember(db, programId, input.memberId);
    return {
      memberId: input.memberId,
      event: input.event,
      points: 0,
      ledgerEntryId: null,
      rules: [],
      replayed: false,
    };
  }
  // Inside the caller's transaction when there is one: a member's creation and its signup bonus commit together.
  const inTransaction = <T>(fn: (trx: Db) => Promise<T>) =>
    db.isTransaction ? fn(db) : db.transaction().execute(fn);
  return inTransaction(async (trx) => {
    const account = await lockAccount(trx, config, input.memberId, now);
    const prior = await findLedgerEntryByKey(trx, programId, key);
    if (prior) {
      return {
        memberId: input.memberId,
        event: input.event,
        points: prior.points,
        ledgerEntryId: prior.id,
        rules: (prior.details.rules as RuleOutcome[] | undefined) ?? [],
        replayed: true,
      };
    }
    const ctx = await earningContext(trx, config, account.tier_key, input.memberId, {
      trigger: 'event',
      events: [input.event],
      total: 0,
      items: [],
      at: occurredAt,
    });
    const evaluation = await evaluateWithCaps(trx, config, input.memberId, ctx);
    const { result } = evaluation;
    if (result.points <= 0) {
      return {
        memberId: input.memberId,
        event: input.event,
        points: 0,
        ledgerEntryId: null,
        rules: result.rules,
        replayed: false,
      };
    }
    const booked = await bookEarning(trx, config, {
      memberId: input.memberId,
      points: result.points,
      reason: `event ${input.event}`,
      source: 'rule',
      actor,
      idempotencyKey: key,
      occurredAt,
      now,
      details: { event: input.event, rules: result.rules },
      evaluation,
    });
    await evaluateAccountTier(trx, config, booked.account, now, 'purchase');
    return {
      memberId: input.memberId,
      event: input.event,
      points: result.points,
      ledgerEntryId: booked.ledgerEntryId,
      rules: result.rules,
      replayed: false,
    };
  });
}
