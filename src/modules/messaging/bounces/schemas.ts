// The stored report as the API shows it (the bounce list, and the evidence of a suppression).
import { Type } from 'typebox';
import { IsoDateTime } from '../../../platform/http/schemas.ts';

export const BounceEventView = Type.Object({
  id: Type.String(),
  receivedAt: IsoDateTime,
  source: Type.String(),
  type: Type.String(),
  severity: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  memberId: Type.Union([Type.String(), Type.Null()]),
  statusCode: Type.Union([Type.String(), Type.Null()]),
  smtpCode: Type.Union([Type.Integer(), Type.Null()]),
  diagnostic: Type.Union([Type.String(), Type.Null()]),
  format: Type.Union([Type.String(), Type.Null()]),
  reportingMta: Type.Union([Type.String(), Type.Null()]),
  remoteMta: Type.Union([Type.String(), Type.Null()]),
  originalMessageId: Type.Union([Type.String(), Type.Null()]),
  feedbackType: Type.Union([Type.String(), Type.Null()]),
  decision: Type.String(),
  decisionDetail: Type.Union([Type.String(), Type.Null()]),
  evidence: Type.Record(Type.String(), Type.Unknown()),
});
