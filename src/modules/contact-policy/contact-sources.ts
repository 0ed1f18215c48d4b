// Where the policy learns whom the club already contacted: every source of marketing contacts, counted together
// against one cap. Today the messaging module's messages (e-mail and SMS, from campaigns, journeys or anything
// else that queues marketing mail). The extension point: call-centre tasks add a source here.
import type { Db } from '../../platform/db/database.ts';
import { marketingContactsSince } from '../messaging/index.ts';

export interface ContactSource {
  name: string;
  /** When each member was contacted since `since`, per member. */
  contactsSince(
    db: Db,
    programId: string,
    memberIds: readonly string[],
    since: Date,
  ): Promise<Map<string, Date[]>>;
}

const messagingSource: ContactSource = {
  name: 'messages',
  async contactsSince(db, programId, memberIds, since) {
    const byMember = await marketingContactsSince(db, programId, memberIds, since);
    return new Map([...byMember].map(([memberId, list]) => [memberId, list.map((c) => c.at)]));
  },
};

export const CONTACT_SOURCES: readonly ContactSource[] = [messagingSource];

export async function contactsSince(
  db: Db,
  programId: string,
  memberIds: readonly string[],
  since: Date,
): Promise<Map<string, Date[]>> {
  const all = new Map<string, Date[]>();
  if (memberIds.length === 0) return all;
  for (const source of CONTACT_SOURCES) {
    for (const [memberId, times] of await source.contactsSince(db, programId, memberIds, since)) {
      all.set(memberId, [...(all.get(memberId) ?? []), ...times]);
    }
  }
  return all;
}
