// Every module that stores personal data about a member says here what it holds (for a data export) and how
// it forgets it (for an erasure). A module that adds member data adds its contributor to this list.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { auditEntriesFor, redactAuditSnapshots } from '../audit/index.ts';
import { eraseMemberEvents, memberEventRecords } from '../ingest/index.ts';
import { memberLoyaltyRecords } from '../loyalty/index.ts';
import { anonymiseMember, memberRecord } from '../members/index.ts';
import { eraseMembershipData, memberMembershipRecords } from '../membership/index.ts';
import { eraseMemberMessages, memberMessages } from '../messaging/index.ts';
import { memberRewardRecords } from '../rewards/index.ts';

export interface MemberDataContributor {
  /** Key in the data export. */
  name: string;
  exportData(db: Db, programId: string, memberId: string): Promise<unknown>;
  /** Runs inside the erasure's transaction; must be idempotent. */
  erase(trx: Db, clock: Clock, programId: string, memberId: string): Promise<void>;
}

export const memberDataContributors: MemberDataContributor[] = [
  {
    // First: it finds pending signups by the member's address, which the member contributor empties.
    name: 'membership',
    exportData: memberMembershipRecords,
    erase: (trx, _clock, programId, memberId) => eraseMembershipData(trx, programId, memberId),
  },
  {
    name: 'member',
    exportData: memberRecord,
    erase: anonymiseMember,
  },
  {
    name: 'loyalty',
    exportData: memberLoyaltyRecords,
    // Ledger, account and purchases stay as they are: amounts and ids only, and accounting needs the totals.
    erase: async () => {},
  },
  {
    name: 'rewards',
    exportData: memberRewardRecords,
    // Coupons stay: codes, amounts and ids only; liability and accounting need them.
    erase: async () => {},
  },
  {
    name: 'messages',
    exportData: memberMessages,
    erase: (trx, _clock, programId, memberId) => eraseMemberMessages(trx, programId, memberId),
  },
  {
    name: 'events',
    exportData: memberEventRecords,
    erase: (trx, _clock, programId, memberId) => eraseMemberEvents(trx, programId, memberId),
  },
  {
    name: 'auditTrail',
    exportData: (db, programId, memberId) => auditEntriesFor(db, programId, 'member', memberId),
    erase: (trx, _clock, programId, memberId) => redactAuditSnapshots(trx, programId, 'member', memberId),
  },
];
