// Every module that stores personal data about a member says here what it holds (for a data export) and how
// it forgets it (for an erasure). A module that adds member data adds its contributor to this list. Each gets
// the member's id and the addresses the member had before the erasure began, because some rows are linked
// only by address (a double opt-in confirmation queued before the member existed, a portal sign-in code).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { auditEntriesFor, redactAuditSnapshots } from '../audit/index.ts';
import { eraseMemberEvents, memberEventRecords } from '../ingest/index.ts';
import { eraseLoyaltyTexts, memberLoyaltyRecords } from '../loyalty/index.ts';
import { anonymiseMember, memberRecord } from '../members/index.ts';
import { eraseMembershipData, memberMembershipRecords } from '../membership/index.ts';
import { eraseMemberMessages, memberMessages } from '../messaging/index.ts';
import { erasePortalData, memberPortalRecords } from '../portal/index.ts';
import { memberRewardRecords } from '../rewards/index.ts';

/** Whose data: the member, and their e-mail and phone as stored before the erasure emptied them. */
export interface MemberDataSubject {
  programId: string;
  memberId: string;
  email: string | null;
  phone: string | null;
}

export interface MemberDataContributor {
  /** Key in the data export. */
  name: string;
  exportData(db: Db, subject: MemberDataSubject): Promise<unknown>;
  /** Runs inside the erasure's transaction; must be idempotent. */
  erase(trx: Db, clock: Clock, subject: MemberDataSubject): Promise<void>;
}

export const memberDataContributors: MemberDataContributor[] = [
  {
    name: 'membership',
    exportData: memberMembershipRecords,
    erase: (trx, _clock, subject) => eraseMembershipData(trx, subject),
  },
  {
    name: 'member',
    exportData: (db, { programId, memberId }) => memberRecord(db, programId, memberId),
    erase: (trx, clock, { programId, memberId }) => anonymiseMember(trx, clock, programId, memberId),
  },
  {
    name: 'loyalty',
    exportData: (db, { programId, memberId }) => memberLoyaltyRecords(db, programId, memberId),
    // Amounts, points and ids stay (accounting needs the totals); the reasons staff typed are free text.
    erase: (trx, _clock, { programId, memberId }) => eraseLoyaltyTexts(trx, programId, memberId),
  },
  {
    name: 'rewards',
    exportData: (db, { programId, memberId }) => memberRewardRecords(db, programId, memberId),
    // Coupons stay: codes, amounts and ids only; liability and accounting need them.
    erase: async () => {},
  },
  {
    name: 'messages',
    exportData: memberMessages,
    erase: (trx, _clock, subject) => eraseMemberMessages(trx, subject),
  },
  {
    name: 'portal',
    exportData: memberPortalRecords,
    erase: (trx, _clock, subject) => erasePortalData(trx, subject),
  },
  {
    name: 'events',
    exportData: (db, { programId, memberId }) => memberEventRecords(db, programId, memberId),
    erase: (trx, _clock, { programId, memberId }) => eraseMemberEvents(trx, programId, memberId),
  },
  {
    name: 'auditTrail',
    exportData: (db, { programId, memberId }) => auditEntriesFor(db, programId, 'member', memberId),
    erase: (trx, _clock, { programId, memberId }) => redactAuditSnapshots(trx, programId, 'member', memberId),
  },
];
