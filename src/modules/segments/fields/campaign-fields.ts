// Campaign engagement (the messaging module's message rows and opens, read-only): whether a member was sent a
// campaign and whether a person (not a mail scanner) opened it. "Did not receive / did not open" is `is false`.
import { sql } from 'kysely';
import { Type } from 'typebox';
import { Uuid } from '../../../platform/http/schemas.ts';
import { daysBefore } from '../rules/operators.ts';
import type { CompileContext } from '../rules/types.ts';
import { defineField, type SegmentField } from './field.ts';

/** Statuses of a message that left us (as the results page counts sent). */
const SENT = sql`('sent', 'outbox', 'delivered', 'bounced', 'complained')`;

const CampaignParams = Type.Object(
  {
    campaignId: Type.Optional(Uuid),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500 })),
  },
  { additionalProperties: false },
);
interface CampaignParams {
  campaignId?: string;
  days?: number;
}

/** The program's campaign messages that were sent: one campaign, or any; sent in the last `days`. */
function sentMessages(ctx: CompileContext, p: CampaignParams) {
  const campaign = p.campaignId === undefined ? sql`` : sql` and msg.campaign_id = ${p.campaignId}`;
  const since = p.days === undefined ? sql`` : sql` and msg.sent_at >= ${daysBefore(ctx, p.days)}`;
  return sql`msg.program_id = ${ctx.programId} and msg.campaign_id is not null and msg.member_id is not null
    and msg.status in ${SENT}${campaign}${since}`;
}

export const campaignFields: SegmentField[] = [
  defineField<CampaignParams>({
    key: 'campaign.received',
    group: 'campaigns',
    label: 'Was sent the campaign (any campaign, in the last N days)',
    type: 'boolean',
    params: CampaignParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: false,
      rows: sql`select distinct msg.member_id, true as v from messages msg where ${sentMessages(ctx, p)}`,
    }),
  }),
  defineField<CampaignParams>({
    key: 'campaign.opened',
    group: 'campaigns',
    label: 'Opened the campaign (a person, not a mail scanner)',
    type: 'boolean',
    params: CampaignParams,
    source: (ctx, p) => ({
      kind: 'aggregate',
      absent: false,
      rows: sql`select distinct msg.member_id, true as v from messages msg
        where ${sentMessages(ctx, p)} and exists (select 1 from message_opens o
          where o.program_id = msg.program_id and o.message_id = msg.id and not o.machine)`,
    }),
  }),
];
