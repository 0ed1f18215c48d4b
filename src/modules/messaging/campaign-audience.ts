// A campaign's audience as it would be recorded now, row by row, without writing anything: each member with the
// reason it would not be sent (no consent, no valid address, suppressed, holdout), its A/B variant and when it
// is due — what the campaign's "review and send" preview asks the contact-pressure policy about.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { classifiedAudience, type CampaignAudienceInput } from './campaign-rows.ts';

export interface ClassifiedRecipient {
  memberId: string;
  to: string;
  /** null: would be queued for sending. */
  reason: string | null;
  /** null: waits for the A/B winner (or not sent). */
  variant: string | null;
  notBefore: Date | null;
}

/** Every audience row with the precedence of reasons recordCampaignMessages applies; ordered by member id. */
export async function classifyCampaignAudience(
  db: Db,
  input: CampaignAudienceInput,
): Promise<ClassifiedRecipient[]> {
  const result = await sql<{
    member_id: string;
    to_address: string;
    reason: string | null;
    variant: string | null;
    not_before: Date | string | null;
  }>`
    with ${classifiedAudience(input)}
    select member_id, to_address, reason, case when reason is null then variant end as variant, not_before
    from classified order by member_id`.execute(db);
  return result.rows.map((r) => ({
    memberId: r.member_id,
    to: r.to_address,
    reason: r.reason,
    variant: r.variant,
    notBefore: r.not_before === null ? null : new Date(r.not_before),
  }));
}
