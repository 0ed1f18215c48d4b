// TypeBox shapes shared by the membership routes.
import { Type } from 'typebox';
import { IsoDateTime, StringEnum, Uuid } from '../../platform/http/schemas.ts';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from './consent.ts';

export const ConsentChannel = StringEnum(CONSENT_CHANNELS);
export const ConsentPurpose = StringEnum(CONSENT_PURPOSES);
export const ConsentStatus = StringEnum(['granted', 'withdrawn'] as const);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ListView = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: NullableString,
  showInPreferences: Type.Boolean(),
  subscribedCount: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const MemberListView = Type.Object({
  listId: Uuid,
  name: Type.String(),
  status: StringEnum(['subscribed', 'unsubscribed'] as const),
  source: Type.String(),
  subscribedAt: IsoDateTime,
  unsubscribedAt: Type.Union([IsoDateTime, Type.Null()]),
  showInPreferences: Type.Boolean(),
});

export const CurrentConsentView = Type.Object({
  channel: ConsentChannel,
  purpose: ConsentPurpose,
  status: ConsentStatus,
  source: Type.String(),
  recordId: Type.Integer(),
  recordedAt: IsoDateTime,
});

export const ConsentRecordView = Type.Object({
  id: Type.Integer(),
  memberId: Uuid,
  channel: ConsentChannel,
  purpose: ConsentPurpose,
  status: ConsentStatus,
  source: Type.String(),
  sourceRef: NullableString,
  textShown: NullableString,
  locale: NullableString,
  ip: NullableString,
  userAgent: NullableString,
  evidence: Type.Record(Type.String(), Type.Unknown()),
  recordedBy: NullableString,
  recordedAt: IsoDateTime,
});

export const MemberEventView = Type.Object({
  id: Type.Integer(),
  memberId: Uuid,
  type: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: IsoDateTime,
});
