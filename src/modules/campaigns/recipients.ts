// The SQL of a campaign's audience as messaging records it: member, address, locale, the reason it will not be
// sent (no consent), its A/B variant or holdout, and (local-time schedule) when it is due in the member's zone.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { countCampaignAudience, type CampaignAudienceInput } from '../messaging/index.ts';
import { assignmentRanges, assignmentSql, bucketSql } from './assignment.ts';
import { addressColumn, audienceFrom, audienceParts, type AudienceDeps } from './audience.ts';
import type { CampaignRow } from './service.ts';
import type { CampaignAudience, CampaignChannel } from './tables.ts';

export async function campaignAudienceInput(
  deps: AudienceDeps,
  row: CampaignRow,
): Promise<CampaignAudienceInput> {
  const parts = await audienceParts(deps, row.program_id, row.channel, row.audience);
  const ranges = assignmentRanges({
    variants: row.variants.map((v) => v.key),
    holdoutBp: row.holdout_bp,
    testShareBp: row.test_share_bp,
  });
  const assignment = assignmentSql(ranges, bucketSql(row.id, sql`m.id`));
  const notBefore =
    row.schedule.kind === 'local'
      ? sql`(cast(${`${row.schedule.date} ${row.schedule.time}`} as timestamp)
          at time zone coalesce(m.time_zone, ${parts.programTimeZone}))`
      : sql`cast(null as timestamptz)`;
  return {
    programId: row.program_id,
    campaignId: row.id,
    channel: row.channel,
    purpose: 'marketing',
    audience: sql`select m.id as member_id, ${addressColumn(row.channel)} as to_address, m.locale,
      case when ${parts.consented} then null else 'no_consent' end as skip_reason,
      ${assignment.variant} as variant, ${assignment.heldOut} as held_out, ${notBefore} as not_before
      ${audienceFrom(row.program_id, parts)}`,
  };
}

export interface AudienceCount {
  audience: number;
  eligible: number;
  notSendable: { noConsent: number; invalidAddress: number; suppressed: number };
}

/** The live count of an audience being edited: everyone in it, and who could not be sent to now and why. */
export async function countAudience(
  deps: AudienceDeps,
  programId: string,
  channel: CampaignChannel,
  audience: CampaignAudience,
): Promise<AudienceCount> {
  const parts = await audienceParts(deps, programId, channel, audience);
  const counts = await countCampaignAudience(deps.db as Db, {
    programId,
    campaignId: '00000000-0000-0000-0000-000000000000',
    channel,
    purpose: 'marketing',
    audience: sql`select m.id as member_id, ${addressColumn(channel)} as to_address, m.locale,
      case when ${parts.consented} then null else 'no_consent' end as skip_reason,
      cast(null as text) as variant, false as held_out, cast(null as timestamptz) as not_before
      ${audienceFrom(programId, parts)}`,
  });
  const of = (reason: string | null) => counts.find((c) => c.reason === reason)?.count ?? 0;
  return {
    audience: counts.reduce((n, c) => n + c.count, 0),
    eligible: of(null),
    notSendable: {
      noConsent: of('no_consent'),
      invalidAddress: of('invalid_address'),
      suppressed: of('suppressed'),
    },
  };
}
