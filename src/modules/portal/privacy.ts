// What the portal holds about a member, for a GDPR data export, and its erasure: sign-in codes (the address
// they were sent to and the IP that asked, also for codes asked before the address was the member's) and
// sessions. Both are short-lived working data with no proof value: erasure deletes them, signing the member out.
import type { Db } from '../../platform/db/database.ts';

export interface PortalSubject {
  programId: string;
  memberId: string;
  email: string | null;
  phone: string | null;
}

function codesOf(db: Db, who: PortalSubject) {
  const addresses = [who.email, who.phone].filter((a): a is string => !!a);
  return db
    .selectFrom('portal_otps')
    .where('program_id', '=', who.programId)
    .where((eb) =>
      eb.or([
        eb('member_id', '=', who.memberId),
        ...(addresses.length ? [eb('destination', 'in', addresses)] : []),
      ]),
    );
}

export async function memberPortalRecords(db: Db, who: PortalSubject) {
  return {
    signInCodes: await codesOf(db, who)
      .select(['id', 'channel', 'destination', 'ip', 'attempts', 'created_at', 'expires_at', 'consumed_at'])
      .orderBy('created_at')
      .execute(),
    sessions: await db
      .selectFrom('portal_sessions')
      .select(['created_at', 'expires_at'])
      .where('program_id', '=', who.programId)
      .where('member_id', '=', who.memberId)
      .orderBy('created_at')
      .execute(),
  };
}

/** Runs inside the erasure's transaction; idempotent. */
export async function erasePortalData(trx: Db, who: PortalSubject): Promise<void> {
  const ids = (await codesOf(trx, who).select('id').execute()).map((r) => r.id);
  if (ids.length) {
    await trx
      .deleteFrom('portal_otps')
      .where('program_id', '=', who.programId)
      .where('id', 'in', ids)
      .execute();
  }
  await trx
    .deleteFrom('portal_sessions')
    .where('program_id', '=', who.programId)
    .where('member_id', '=', who.memberId)
    .execute();
}
