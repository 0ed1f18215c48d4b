// The signup bonus, awarded when someone becomes a member: the `signup` event rules, once per member (the same
// key as an explicit signup event, so neither can pay twice). It subscribes to member.created in the
// transaction that creates the member (an in-transaction subscription of the loyalty manifest), so every way
// of joining gets it without being wired to loyalty, and a failed award undoes the creation. The program's `signupBonusSources` say which ways of
// joining count: an import brings in existing customers, who are not new signups unless the program says so.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { subscribe } from '../../platform/events/index.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/index.ts';
import { awardEventBonus, SIGNUP_EVENT, type EventBonus } from './events.ts';
import { loadLoyaltyConfig } from './settings.ts';
import type { SignupBonusSource } from './tables.ts';

/** The members module's `source` of a new member → the way of joining named in the setting. */
const SIGNUP_SOURCE_OF: Record<string, SignupBonusSource> = {
  admin: 'admin',
  api: 'api',
  form: 'form',
  segment: 'ingest',
  import: 'import',
};

export interface NewMember {
  id: string;
  programId: string;
  /** As recorded on the member: admin, api, form, segment, import. */
  source: string;
}

/**
 * Awards the signup bonus to a member just created, or returns null when the program does not award one for
 * this way of joining or no rule listens to `signup` (then nothing but the cached configuration is read).
 */
export async function awardSignupBonus(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  member: NewMember,
): Promise<EventBonus | null> {
  const config = await loadLoyaltyConfig(db, member.programId);
  const source = SIGNUP_SOURCE_OF[member.source];
  if (!source || !config.settings.signupBonusSources.includes(source)) return null;
  if (!config.rules.some((r) => r.trigger === 'event' && r.event === SIGNUP_EVENT)) return null;
  return awardEventBonus(db, clock, actor, member.programId, {
    memberId: member.id,
    event: SIGNUP_EVENT,
    idempotencyKey: `signup:${member.id}`,
  });
}

/** member.created → the signup bonus, inside the creating transaction. */
export const signupBonusSubscription = subscribe({
  name: 'loyalty.signup-bonus',
  types: ['member.created'],
  delivery: 'in-transaction',
  async handle(trx, event, { clock, actor }) {
    const member = { id: event.memberId!, programId: event.programId, source: event.payload.source };
    await awardSignupBonus(trx, clock, (actor as AuditActor | undefined) ?? SYSTEM_ACTOR, member);
  },
});
