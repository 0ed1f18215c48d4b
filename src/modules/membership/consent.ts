// Consent proof: one append-only record per change, per member × channel (email, sms, phone) × purpose
// (marketing, service), with where it came from, when, from which IP and browser, and the exact text the
// person saw. This is what a regulator asks for (Israel's Communications Law §30A; GDPR art. 7(1)).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
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

/** Appends a consent record. Nothing is ever updated: history is the proof. */
export async function recordConsent(db: Db, clock: Clock, input: ConsentInput): Promise<ConsentRecord> {
  const row = await db
    .insertInto('consent_records')
    .values({
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
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return consentRecordView(row);
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
