// GDPR-style rights of a member: a copy of everything we hold about them, and erasure. Erasure anonymises
// rather than deletes: the member row and the points ledger stay (accounting needs the totals), with every
// personal field emptied; messages lose address and content; audit snapshots are redacted.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { memberRecord } from '../members/index.ts';
import { memberDataContributors } from './contributors.ts';

export async function exportMemberData(db: Db, clock: Clock, programId: string, memberId: string) {
  const member = await memberRecord(db, programId, memberId);
  if (!member) throw notFound('member', memberId);
  const subject = { programId, memberId, email: member.email, phone: member.phone };
  const data: Record<string, unknown> = {};
  for (const contributor of memberDataContributors) {
    data[contributor.name] = await contributor.exportData(db, subject);
  }
  return { exportedAt: clock.now().toISOString(), programId, memberId, data };
}

export async function eraseMember(
  db: Db,
  clock: Clock,
  actor: AuditActor,
  programId: string,
  memberId: string,
): Promise<{ memberId: string; erased: true; alreadyErased: boolean }> {
  return db.transaction().execute(async (trx) => {
    const member = await memberRecord(trx, programId, memberId);
    if (!member) throw notFound('member', memberId);
    const alreadyErased = member.status === 'anonymized';
    // Read before any contributor runs: rows linked only by address are found through these.
    const subject = { programId, memberId, email: member.email, phone: member.phone };
    for (const contributor of memberDataContributors) await contributor.erase(trx, clock, subject);
    if (!alreadyErased) {
      // Recorded after the redaction, and without personal data, so the erasure itself stays on record.
      await recordAudit(trx, clock, actor, {
        programId,
        action: 'member.erased',
        entityType: 'member_erasure',
        entityId: memberId,
      });
    }
    return { memberId, erased: true as const, alreadyErased };
  });
}
