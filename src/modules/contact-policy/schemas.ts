// TypeBox schemas of the contact-policy API.
import { Type } from 'typebox';
import { IsoDateTime, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { HOLD_REASONS, ON_EXCEED, REST_DAYS } from './policy.ts';

const Cap = Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], {
  description: 'At most this many marketing messages per member in the window; null: no cap',
});
const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM local' });

export const PolicyBody = Type.Object(
  {
    caps: Type.Object(
      { day: Cap, week: Cap, month: Cap },
      {
        additionalProperties: false,
        description:
          'Rolling windows in the member’s local calendar: a message counts until the same local time a day, ' +
          'seven days or a calendar month later',
      },
    ),
    quietHours: Type.Union(
      [Type.Object({ start: LocalTime, end: LocalTime }, { additionalProperties: false }), Type.Null()],
      { description: 'No marketing from start until end in the member’s local time (the program’s if none)' },
    ),
    restDays: Type.Array(StringEnum(REST_DAYS), {
      maxItems: 3,
      uniqueItems: true,
      description:
        'shabbat and jewish_holidays: candle-lighting to havdalah in Jerusalem (hebcal); friday: the member’s local Friday',
    }),
    onExceed: StringEnum(ON_EXCEED, {
      description: 'What a campaign does by default with a message the policy holds back',
    }),
  },
  { additionalProperties: false },
);

export const PolicyView = Type.Object({
  policy: PolicyBody,
  saved: Type.Boolean({ description: 'false: the program never saved one, and nothing is held back' }),
  suggested: PolicyBody,
  timeZone: Type.String({ description: 'The program’s zone, for members without one' }),
  region: Type.String(),
});

export const HoldReasonSchema = StringEnum(HOLD_REASONS);

const Count = Type.Integer({ minimum: 0 });
const ByReason = Type.Object({ frequency_cap: Count, quiet_hours: Count, rest_day: Count });

export const PreviewBody = Type.Object(
  {
    memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 10_000 })),
    listId: Type.Optional(Uuid),
    channel: StringEnum(['email', 'sms'] as const),
    onExceed: Type.Optional(StringEnum(ON_EXCEED)),
    policy: Type.Optional(PolicyBody),
  },
  {
    additionalProperties: false,
    description:
      'The audience: memberIds or a list (its subscribed members). policy: preview an unsaved policy instead of the saved one.',
  },
);

export const PreviewView = Type.Object({
  audience: Type.Integer({ minimum: 0, description: 'Active members in the audience' }),
  send: Count,
  deferred: Type.Object({
    count: Count,
    byReason: ByReason,
    earliest: Type.Union([IsoDateTime, Type.Null()]),
    latest: Type.Union([IsoDateTime, Type.Null()]),
  }),
  dropped: Type.Object({ count: Count, byReason: ByReason }),
});
