// The program's contact-pressure policy (read, save) and the bulk decision senders ask before each marketing
// message. See docs/contact-policy.md for the contract.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { lockCounterKeys } from '../../platform/db/locks.ts';
import { getProgram } from '../programs/index.ts';
import { LONGEST_WINDOW_MS } from './caps.ts';
import { contactsSince } from './contact-sources.ts';
import { decideContact, type ContactDecision } from './decide.ts';
import {
  NO_POLICY,
  type ContactChannel,
  type ContactPressurePolicy,
  type ContactPurpose,
  type OnExceed,
} from './policy.ts';

export interface ContactRequest {
  memberId: string;
  channel: ContactChannel;
  purpose: ContactPurpose;
  /** The member's time zone; null: the program's. */
  timeZone: string | null;
}

export interface DecideOptions {
  /** What to do with what the policy holds back; default the policy's. */
  onExceed?: OnExceed | undefined;
  /**
   * Take each member's lock until the caller's transaction ends (default true), so two senders deciding for the
   * same member one after the other see each other's messages. A preview passes false.
   */
  lock?: boolean | undefined;
  /** Decide under this policy instead of the saved one (the editor's preview of an unsaved change). */
  policy?: ContactPressurePolicy | undefined;
}

export async function getContactPolicy(db: Db, programId: string): Promise<ContactPressurePolicy> {
  const row = await db
    .selectFrom('contact_policies')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  if (!row) return NO_POLICY;
  return {
    caps: { day: row.max_per_day, week: row.max_per_week, month: row.max_per_month },
    quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
    restDays: row.rest_days,
    onExceed: row.on_exceed,
  };
}

export async function hasContactPolicy(db: Db, programId: string): Promise<boolean> {
  const row = await db
    .selectFrom('contact_policies')
    .select('program_id')
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function saveContactPolicy(
  db: Db,
  clock: Clock,
  programId: string,
  policy: ContactPressurePolicy,
): Promise<ContactPressurePolicy> {
  const values = {
    max_per_day: policy.caps.day,
    max_per_week: policy.caps.week,
    max_per_month: policy.caps.month,
    quiet_start: policy.quietHours?.start ?? null,
    quiet_end: policy.quietHours?.end ?? null,
    rest_days: [...new Set(policy.restDays)],
    on_exceed: policy.onExceed,
    updated_at: clock.now(),
  };
  await db
    .insertInto('contact_policies')
    .values({ program_id: programId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
  return getContactPolicy(db, programId);
}

/** The lock key of one member's contact count (platform/db/locks.ts). */
const memberKey = (programId: string, memberId: string) => `contact-policy:${programId}:${memberId}`;

/**
 * Decides, for each member, whether a message may go now, must wait (until when) or is dropped, and why.
 * Call it inside the transaction that queues the messages it lets through: it locks the members (in one fixed
 * order) until that transaction ends, so a concurrent sender waits and then counts them. One request per
 * member per call.
 */
export async function decideContacts(
  db: Db,
  clock: Clock,
  programId: string,
  requests: readonly ContactRequest[],
  options: DecideOptions = {},
): Promise<Map<string, ContactDecision>> {
  const decisions = new Map<string, ContactDecision>();
  if (requests.length === 0) return decisions;
  const now = clock.now();
  const program = await getProgram(db, programId);
  const policy = options.policy ?? (await getContactPolicy(db, programId));
  const marketing = [...new Set(requests.filter((r) => r.purpose === 'marketing').map((r) => r.memberId))];
  if (marketing.length > 0 && options.lock !== false) {
    await lockCounterKeys(
      db,
      marketing.map((memberId) => memberKey(programId, memberId)),
    );
  }
  const contacts = await contactsSince(db, programId, marketing, new Date(now.getTime() - LONGEST_WINDOW_MS));
  const onExceed = options.onExceed ?? policy.onExceed;
  for (const request of requests) {
    if (decisions.has(request.memberId)) {
      throw new Error(`decideContacts: member ${request.memberId} asked twice in one call`);
    }
    decisions.set(
      request.memberId,
      decideContact({
        now,
        purpose: request.purpose,
        timeZone: request.timeZone ?? program.timeZone,
        contacts: contacts.get(request.memberId) ?? [],
        policy,
        onExceed,
      }),
    );
  }
  return decisions;
}
