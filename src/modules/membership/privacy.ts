// What the membership module holds about a member, for a GDPR data export, and its erasure. Consent records
// stay — status, time, source and the text shown are the proof that consent was (or was not) given — but
// lose the IP and browser they were given from (also in their evidence). Signup form submissions lose the
// address, phone, answers, IPs and browsers. Tags (free-text labels about the person) are deleted; list
// memberships and member events hold only ids and stay.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { consentHistory } from './consent.ts';
import { listMemberEvents } from './events.ts';
import { memberLists } from './lists.ts';
import { memberTags } from './tags.ts';

/** A member's life events in an export (from the event outbox, oldest first). */
const MAX_EXPORTED_EVENTS = 100_000;

/** Keys of a consent record's evidence that identify a device or a network. */
const EVIDENCE_PERSONAL_KEYS = ['confirmIp', 'confirmUserAgent', 'ip', 'userAgent'];

/** The member, and the e-mail and phone they had before an erasure began. */
export interface MembershipSubject {
  programId: string;
  memberId: string;
  email: string | null;
  phone: string | null;
}

export async function memberMembershipRecords(db: Db, subject: MembershipSubject) {
  const { programId, memberId } = subject;
  return {
    consents: await consentHistory(db, programId, memberId),
    lists: await memberLists(db, programId, memberId),
    tags: await memberTags(db, programId, memberId),
    memberEvents: await listMemberEvents(db, programId, { memberId, limit: MAX_EXPORTED_EVENTS }),
    formSubmissions: await submissionsOf(db, subject)
      .select([
        'id',
        'form_id',
        'status',
        'email',
        'phone',
        'member_input',
        'consents',
        'locale',
        'ip',
        'user_agent',
        'submitted_at',
        'confirmed_at',
        'confirm_ip',
        'confirm_user_agent',
      ])
      .orderBy('submitted_at')
      .execute(),
  };
}

/** The member's submissions, and pending ones with their address that never became a member. */
function submissionsOf(db: Db, { programId, memberId, ...contact }: MembershipSubject) {
  return db
    .selectFrom('form_submissions')
    .where('program_id', '=', programId)
    .where((eb) =>
      eb.or([
        eb('member_id', '=', memberId),
        ...(contact.email ? [eb.and([eb('member_id', 'is', null), eb('email', '=', contact.email)])] : []),
        ...(contact.phone ? [eb.and([eb('member_id', 'is', null), eb('phone', '=', contact.phone)])] : []),
      ]),
    );
}

/** Runs inside the erasure's transaction; idempotent. */
export async function eraseMembershipData(trx: Db, subject: MembershipSubject): Promise<void> {
  const { programId, memberId } = subject;
  const ids = (await submissionsOf(trx, subject).select('id').execute()).map((r) => r.id);
  if (ids.length) {
    await trx
      .updateTable('form_submissions')
      .set({
        email: null,
        phone: null,
        member_input: '{}',
        ip: null,
        user_agent: null,
        confirm_ip: null,
        confirm_user_agent: null,
      })
      .where('program_id', '=', programId)
      .where('id', 'in', ids)
      .execute();
  }
  // The only change the database allows on consent_records (see the anonymise migration).
  await trx
    .updateTable('consent_records')
    .set({
      ip: null,
      user_agent: null,
      evidence: sql`evidence - ${sql.val(EVIDENCE_PERSONAL_KEYS)}::text[]`,
    })
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where((eb) =>
      eb.or([
        eb('ip', 'is not', null),
        eb('user_agent', 'is not', null),
        sql<boolean>`evidence ?| ${sql.val(EVIDENCE_PERSONAL_KEYS)}::text[]`,
      ]),
    )
    .execute();
  await trx
    .deleteFrom('member_tags')
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .execute();
}
