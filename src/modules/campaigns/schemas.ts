// HTTP shapes of the campaigns API (docs/campaigns.md lists them with examples).
import { Type, type Static } from 'typebox';
import { IsoDate, IsoDateTime, ProgramParams, StringEnum, Uuid } from '../../platform/http/schemas.ts';

export { ProgramParams };
export const CampaignParams = Type.Object(
  { programId: Uuid, campaignId: Uuid },
  { additionalProperties: false },
);
export const MemberParams = Type.Object({ programId: Uuid, memberId: Uuid }, { additionalProperties: false });

export const Channel = StringEnum(['email', 'sms'] as const);
const Ids = Type.Array(Uuid, { maxItems: 50, uniqueItems: true });

export const Audience = Type.Object(
  {
    lists: Type.Optional(Ids),
    segments: Type.Optional(Ids),
    excludeLists: Type.Optional(Ids),
    excludeSegments: Type.Optional(Ids),
  },
  {
    additionalProperties: false,
    description: 'Members in any of lists/segments, minus those in any excluded one',
  },
);

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);

export const VariantInput = Type.Object(
  {
    templateId: Uuid,
    subject: Type.Optional(Nullable(Text(300))),
    fromName: Type.Optional(Nullable(Text(120))),
    fromAddress: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 254 }))),
  },
  { additionalProperties: false },
);

export const WinnerMetricSchema = StringEnum(['open', 'click', 'conversion'] as const);

export const AbTest = Type.Object(
  {
    testPercent: Type.Integer({ minimum: 1, maximum: 100, description: 'Share of the audience in the test' }),
    metric: WinnerMetricSchema,
    winnerDelayMinutes: Type.Union([Type.Integer({ minimum: 1, maximum: 43_200 }), Type.Null()], {
      description: 'Minutes after the test is sent when the winner goes to the rest; null: picked by hand',
    }),
  },
  { additionalProperties: false },
);

export const Schedule = Type.Union([
  Type.Object({ kind: Type.Literal('now') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('at'), at: IsoDateTime }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('local'),
      date: IsoDate,
      time: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM' }),
    },
    { additionalProperties: false, description: 'The same local time in each member’s time zone' },
  ),
]);

export const CampaignInput = Type.Object(
  {
    name: Text(200),
    channel: Channel,
    audience: Audience,
    variants: Type.Array(VariantInput, { minItems: 1, maxItems: 4, description: 'A, B, C, D in this order' }),
    abTest: Type.Optional(Type.Union([AbTest, Type.Null()])),
    holdoutPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
    attributionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    onExceed: Type.Optional(StringEnum(['defer', 'drop'] as const)),
    schedule: Type.Optional(Schedule),
    sendRatePerMinute: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], {
        description:
          'At most this many messages per minute (below the transport’s own limit); null: no limit',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CampaignInputBody = Static<typeof CampaignInput>;
export const CampaignPatch = Type.Partial(CampaignInput, { additionalProperties: false });
export type CampaignPatchBody = Static<typeof CampaignPatch>;

export const CampaignState = StringEnum([
  'draft',
  'scheduled',
  'sending',
  'paused',
  'awaiting_winner',
  'sent',
  'cancelled',
] as const);

const Count = Type.Integer({ minimum: 0 });
export const Progress = Type.Object({
  audience: Count,
  queued: Count,
  sending: Count,
  sent: Count,
  deferred: Count,
  failed: Count,
  suppressed: Count,
  skipped: Count,
  awaitingWinner: Count,
});

export const CampaignView = Type.Object({
  id: Uuid,
  name: Type.String(),
  channel: Channel,
  purpose: Type.Literal('marketing'),
  audience: Type.Object({
    lists: Type.Array(Uuid),
    segments: Type.Array(Uuid),
    excludeLists: Type.Array(Uuid),
    excludeSegments: Type.Array(Uuid),
  }),
  variants: Type.Array(
    Type.Object({
      key: Type.String(),
      templateId: Uuid,
      subject: Type.Union([Type.String(), Type.Null()]),
      fromName: Type.Union([Type.String(), Type.Null()]),
      fromAddress: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  abTest: Type.Union([AbTest, Type.Null()]),
  holdoutPercent: Type.Integer(),
  attributionDays: Type.Integer(),
  onExceed: StringEnum(['defer', 'drop'] as const),
  schedule: Schedule,
  sendRatePerMinute: Type.Union([Type.Integer(), Type.Null()]),
  state: CampaignState,
  progress: Progress,
  winner: Type.Union([
    Type.Object({
      variant: Type.String(),
      source: StringEnum(['auto', 'manual'] as const),
      pickedAt: IsoDateTime,
    }),
    Type.Null(),
  ]),
  launchedAt: Type.Union([IsoDateTime, Type.Null()]),
  recordedAt: Type.Union([IsoDateTime, Type.Null()]),
  testDoneAt: Type.Union([IsoDateTime, Type.Null()]),
  pausedAt: Type.Union([IsoDateTime, Type.Null()]),
  cancelledAt: Type.Union([IsoDateTime, Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const AudienceCountBody = Type.Object(
  { channel: Channel, audience: Audience },
  { additionalProperties: false },
);
export const AudienceCountView = Type.Object({
  audience: Count,
  eligible: Count,
  notSendable: Type.Object({ noConsent: Count, invalidAddress: Count, suppressed: Count }),
});

export const AccountingView = Type.Object({
  audience: Count,
  outcomes: Type.Array(
    Type.Object({
      status: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      variant: Type.Union([Type.String(), Type.Null()]),
      count: Count,
    }),
  ),
  totals: Progress,
  reasons: Type.Array(
    Type.Object({
      outcome: StringEnum(['deferred', 'failed', 'suppressed', 'skipped'] as const),
      reason: Type.Union([Type.String(), Type.Null()]),
      count: Count,
    }),
    { description: 'Every message not sent (yet), by outcome and reason, most first' },
  ),
  unexplained: Type.Integer({ description: 'Messages not sent without a reason (0 when all is well)' }),
  balanced: Type.Boolean({ description: 'The outcomes add up to the audience, each not sent with a reason' }),
});

export const WinnerBody = Type.Object(
  { variant: StringEnum(['A', 'B', 'C', 'D'] as const) },
  {
    additionalProperties: false,
  },
);

export const MemberMessagesQuery = Type.Object(
  {
    notSent: Type.Optional(Type.Boolean({ description: 'Only the messages not sent, with their reasons' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const MemberCampaignMessageView = Type.Object({
  messageId: Uuid,
  campaignId: Uuid,
  campaignName: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  variant: Type.Union([Type.String(), Type.Null()]),
  notBefore: Type.Union([IsoDateTime, Type.Null()]),
  at: IsoDateTime,
});

export const PreviewQuery = Type.Object(
  {
    sample: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 50, description: 'Recipients shown per outcome (default 5)' }),
    ),
  },
  { additionalProperties: false },
);

const PreviewOutcome = StringEnum(['send', 'deferred', 'skipped', 'suppressed'] as const);
const When = Type.Union([IsoDateTime, Type.Null()]);

export const PreviewView = Type.Object({
  audience: Count,
  decidedAt: Type.Union([IsoDateTime, Type.Null()], {
    description: 'The send time the policy was asked about; null: each member’s own local time',
  }),
  outcomes: Type.Object(
    { send: Count, deferred: Count, skipped: Count, suppressed: Count },
    { description: 'Adds up to the audience' },
  ),
  reasons: Type.Array(
    Type.Object({
      outcome: StringEnum(['deferred', 'skipped', 'suppressed'] as const),
      reason: Type.String({
        description:
          'no_consent, invalid_address, suppressed, holdout, frequency_cap, quiet_hours, rest_day, member_inactive',
      }),
      count: Count,
    }),
    { description: 'Every message that would not go out at its time, by outcome and reason, most first' },
  ),
  deferred: Type.Object({ earliest: When, latest: When }),
  variants: Type.Array(Type.Object({ key: Type.String(), count: Count }), {
    description: 'Messages that would go out per variant; "unassigned" waits for the A/B winner',
  }),
  sample: Type.Array(
    Type.Object({
      memberId: Uuid,
      name: Type.String(),
      to: Type.String(),
      outcome: PreviewOutcome,
      reason: Type.Union([Type.String(), Type.Null()]),
      variant: Type.Union([Type.String(), Type.Null()]),
      until: When,
    }),
    { description: 'Up to `sample` recipients of each outcome' },
  ),
});
