import { Type } from 'typebox';
import { ReferralSettingsView } from '../../contracts/referrals.ts';

export {
  MemberReferralView,
  ReferralReportView,
  ReferralSettingsView,
  ReferralView,
} from '../../contracts/referrals.ts';

export const ReferralSettingsBody = Type.Partial(ReferralSettingsView, { additionalProperties: false });
