// GDPR-style rights of a member: a copy of everything we hold about them, and erasure. Erasure anonymises
// rather than deletes: the member row and the points ledger stay (accounting needs the totals), with every
// personal field emptied; messages lose address and content; audit snapshots are redacted.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { MemberDataContributor, ModuleManifest } from '../../platform/module.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { memberRecord } from '../members/index.ts';

// Every module that stores personal data names a MemberDataContributor in its manifest; export and erasure run
// them in module-list order (src/app/modules.ts).
export interface PrivacyDeps {
  db: Db;
  clock: Clock;
  modules: readonly ModuleManifest[];
}

export interface MemberRef {
  programId: string;
  memberId: string;
}

const contributors = (modules: readonly ModuleManifest[]): MemberDataContributor[] =>
  modules.flatMap((m) => (m.memberData ? [m.memberData] : []));

export async function exportMemberData(
  { db, clock, modules }: PrivacyDeps,
  { programId, memberId }: MemberRef,
) {
  const member = await memberRecord(db, programId, memberId);
  if (!member) throw notFound('member', memberId);
  const subject = { programId, memberId, email: member.email, phone: member.phone };
  const data: Record<string, unknown> = {};
  for (const contributor of contributors(modules)) {
    data[contributor.name] = await contributor.exportData(db, subject);
  }
  return { exportedAt: clock.now().toISOString(), programId, memberId, data };
}

export async function eraseMember(
  { db, clock, modules }: PrivacyDeps,
  { programId, memberId, actor }: MemberRef & { actor: AuditActor },
): Promise<{ memberId: string; erased: true; alreadyErased: boolean }> {
  return db.transaction().execute(async (trx) => {
    const member = await memberRecord(trx, programId, memberId);
    if (!member) throw notFound('member', memberId);
    const alreadyErased = member.status === 'anonymized';
    // Read before any contributor runs: rows linked only by address are found through these.
    const subject = { programId, memberId, email: member.email, phone: member.phone };
    for (const contributor of contributors(modules)) await contributor.erase(trx, clock, subject);
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
