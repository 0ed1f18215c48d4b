// What the e-mail sending screen reads: sending domains with their DKIM record, the deliverability check of a
// domain (SPF, DKIM, DMARC, complaints), the SMTP transport per purpose and the tracking switches.
import { Type } from 'typebox';
import { IsoDateTime, Nullable, StringEnum, Uuid, type Wire } from './schema.ts';

export const SendPurpose = StringEnum(['marketing', 'service'] as const);
export const CheckStatus = StringEnum(['pass', 'warn', 'fail'] as const);

export const DomainView = Type.Object({
  id: Uuid,
  domain: Type.String(),
  selector: Type.String(),
  dkimRecord: Type.Object({ name: Type.String(), type: Type.Literal('TXT'), value: Type.String() }),
  createdAt: IsoDateTime,
});
export const DnsCheck = Type.Object({
  status: CheckStatus,
  name: Type.String(),
  record: Nullable(Type.String()),
  reason: Type.String(),
});
export const TransportView = Type.Object({
  purpose: SendPurpose,
  host: Type.String(),
  fromAddress: Type.String(),
  perMinute: Type.Integer(),
  burst: Type.Integer(),
  poolSize: Type.Integer(),
  updatedAt: IsoDateTime,
});
export const Tracking = Type.Object({ trackOpens: Type.Boolean(), trackClicks: Type.Boolean() });

export const DeliverabilityView = Type.Object({
  domain: Type.String(),
  spf: DnsCheck,
  dkim: DnsCheck,
  dmarc: DnsCheck,
  complaints: Type.Object({
    sent: Type.Integer(),
    complaints: Type.Integer(),
    rate: Nullable(Type.Number()),
    status: CheckStatus,
    windowDays: Type.Integer(),
  }),
});

export type SendingDomain = Wire<typeof DomainView>;
export type CheckStatusValue = Wire<typeof CheckStatus>;
export type DnsCheckResult = Wire<typeof DnsCheck>;
export type Deliverability = Wire<typeof DeliverabilityView>;
export type Transport = Wire<typeof TransportView>;
export type TrackingSettings = Wire<typeof Tracking>;
