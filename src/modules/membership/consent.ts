// Consent proof: one append-only record per change, per member × channel (email, sms, phone) × purpose
// (marketing, service), with where it came from, when, from which IP and browser, and the exact text the
// person saw. This is what a regulator asks for (Israel's Communications Law §30A; GDPR art. 7(1)).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { publishEvent, publishEvents } from '../../platform/events/index.ts';
import type { ConsentChannel, ConsentPurpose, ConsentStatus } from './tables.ts';

export const CONSENT_CHANNELS = ['email', 'sms', 'phone'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export const CONSENT_SOURCES = [
  'form',
  'import',
  'api',
  'pos',
  'admin',
  'unsubscribe',
  'preference_centre',
  'sms_keyword',
  'portal',
  'complaint',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

export interface ConsentInput {
  programId: string;
  memberId: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: ConsentSource;
  sourceRef?: string | null | undefined;
  /** The exact wording shown to the person (in the language they saw). */
  textShown?: string | null | undefined;
  locale?: string | null | undefined;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  /** Further proof, e.g. the double opt-in confirmation time and IP. */
  evidence?: Record<string, unknown> | undefined;
  /** Who recorded it: 'user:<id>', 'api_key:<id>', 'member' … */
  recordedBy?: string | null | undefined;
}

export interface ConsentRecord {
  id: number;
  memberId: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: string;
  sourceRef: string | null;
  textShown: string | null;
  locale: string | null;
  ip: string | null;
  userAgent: string | null;
  evidence: Record<string, unknown>;
  recordedBy: string | null;
  recordedAt: Date;
}

function consentRow(clock: Clock, input: ConsentInput) {
  return {
    program_id: input.programId,
    member_id: input.memberId,
    channel: input.channel,
    purpose: input.purpose,
    status: input.status,
    source: input.source,
    source_ref: input.sourceRef ?? null,
    text_shown: input.textShown ?? null,
    locale: input.locale ?? null,
    ip: input.ip ?? null,
    user_agent: input.userAgent ? input.userAgent.slice(0, 1000) : null,
    evidence: JSON.stringify(input.evidence ?? {}),
    recorded_by: input.recordedBy ?? null,
    recorded_at: clock.now(),
  };
}

/** Appends a consent record. Nothing is ever updated: history is the proof. */
export async function recordConsent(db: Db, clock: Clock, input: ConsentInput): Promise<ConsentRecord> {
  const write = async (trx: Db) => {
    const row = await trx
      .insertInto('consent_records')
      .values(consentRow(clock, input))
      .returningAll()
      .executeTakeFirstOrThrow();
    await publishEvent(trx, clock, consentChanged(input.programId, input));
    return consentRecordView(row);
  };
  return db.isTransaction ? write(db) : db.transaction().execute(write);
}

/** consent.changed for a record appended: the member's status for the channel and purpose now. */
function consentChanged(programId: string, input: ConsentInput) {
  return {
    type: 'consent.changed' as const,
    programId,
    memberId: input.memberId,
    payload: { channel: input.channel, purpose: input.purpose, status: input.status, source: input.source },
  };
}

export interface ConsentChangesResult {
  /** Records appended (or, in a dry run, that would be). */
  recorded: number;
  /** Entries equal to the member's current consent: nothing recorded. */
  unchanged: number;
  /** Grants not recorded because the member withdrew that consent through another source. */
  withdrawalsKept: number;
}

/**
 * Records many consents of one program at once (bulk sources such as imports), appending a record only where
 * the status differs from the member's current one, so replaying the same input adds nothing. A grant never
 * overrides a withdrawal that came from another source (an unsubscribe click, a STOP reply, the preference
 * centre): an old spreadsheet must not re-subscribe someone who opted out. At most one entry per member ×
 * channel × purpose counts (the last one wins). With `dryRun` nothing is written and the result says what would be recorded.
 */
export async function recordConsentChanges(
  db: Db,
  clock: Clock,
  programId: string,
  inputs: readonly ConsentInput[],
  options: { dryRun?: boolean } = {},
): Promise<ConsentChangesResult> {
  const result: ConsentChangesResult = { recorded: 0, unchanged: 0, withdrawalsKept: 0 };
  if (inputs.length === 0) return result;
  const memberIds = [...new Set(inputs.map((i) => i.memberId))];
  const key = (m: string, c: string, p: string) => `${m}:${c}:${p}`;
  const current = await db
    .selectFrom('current_consents')
    .select(['member_id', 'channel', 'purpose', 'status', 'source'])
    .where('program_id', '=', programId)
    .where('member_id', 'in', memberIds)
    .execute();
  const now = new Map(current.map((r) => [key(r.member_id, r.channel, r.purpose), r]));
  const last = new Map(inputs.map((i) => [key(i.memberId, i.channel, i.purpose), i]));
  const changes = [...last.values()].filter((input) => {
    const was = now.get(key(input.memberId, input.channel, input.purpose));
    if (was?.status === input.status) {
      result.unchanged++;
      return false;
    }
    if (was?.status === 'withdrawn' && input.status === 'granted' && was.source !== input.source) {
      result.withdrawalsKept++;
      return false;
    }
    return true;
  });
  result.recorded = changes.length;
  // 14 parameters a row: chunks stay far below PostgreSQL's 65,535 parameters per statement.
  for (let i = 0; i < changes.length && !options.dryRun; i += 2000) {
    const chunk = changes.slice(i, i + 2000);
    await db
      .insertInto('consent_records')
      .values(chunk.map((input) => consentRow(clock, { ...input, programId })))
      .execute();
    await publishEvents(
      db,
      clock,
      chunk.map((input) => consentChanged(programId, input)),
    );
  }
  return result;
}

function consentRecordView(row: {
  id: number;
  member_id: string;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: string;
  source_ref: string | null;
  text_shown: string | null;
  locale: string | null;
  ip: string | null;
  user_agent: string | null;
  evidence: Record<string, unknown>;
  recorded_by: string | null;
  recorded_at: Date;
}): ConsentRecord {
  return {
    id: Number(row.id),
    memberId: row.member_id,
    channel: row.channel,
    purpose: row.purpose,
    status: row.status,
    source: row.source,
    sourceRef: row.source_ref,
    textShown: row.text_shown,
    locale: row.locale,
    ip: row.ip,
    userAgent: row.user_agent,
    evidence: row.evidence,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export interface CurrentConsent {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  status: ConsentStatus;
  source: string;
  recordId: number;
  recordedAt: Date;
}

/** The member's consent now: the newest record per channel × purpose (absent = never asked). */
export async function currentConsents(
  db: Db,
  programId: string,
  memberId: string,
): Promise<CurrentConsent[]> {
  const rows = await db
    .selectFrom('current_consents')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('channel')
    .orderBy('purpose')
    .execute();
  return rows.map((r) => ({
    channel: r.channel,
    purpose: r.purpose,
    status: r.status,
    source: r.source,
    recordId: Number(r.record_id),
    recordedAt: r.recorded_at,
  }));
}

/** True when the member's latest record for this channel and purpose grants consent. */
export async function hasConsent(
  db: Db,
  programId: string,
  memberId: string,
  channel: ConsentChannel,
  purpose: ConsentPurpose,
): Promise<boolean> {
  const row = await db
    .selectFrom('current_consents')
    .select('status')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('channel', '=', channel)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row?.status === 'granted';
}

/** Every record for the member, oldest first: the full proof trail. */
export async function consentHistory(db: Db, programId: string, memberId: string): Promise<ConsentRecord[]> {
  const rows = await db
    .selectFrom('consent_records')
    .selectAll()
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(consentRecordView);
}
