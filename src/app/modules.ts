// The one place that knows every module. Adding a module: its folder under src/modules/ with an index.ts that
// exports its manifest, and one line here. The order matters in two places: start-up steps run in this order
// (auth ensures the owner before demo seeds the club it owns), and a member's erasure runs each module's
// memberData.erase in this order (membership finds pending signups by the member's address before members
// empties it).
import type { ModuleManifest } from '../platform/module.ts';
import { analyticsModule } from '../modules/analytics/index.ts';
import { auditModule } from '../modules/audit/index.ts';
import { campaignsModuleWith } from '../modules/campaigns/index.ts';
import { authModule } from '../modules/auth/index.ts';
import { contactPolicyModule } from '../modules/contact-policy/index.ts';
import { demoModule } from '../modules/demo/index.ts';
import { importsModule } from '../modules/imports/index.ts';
import { ingestModule } from '../modules/ingest/index.ts';
import { loyaltyModule } from '../modules/loyalty/index.ts';
import { membersModule } from '../modules/members/index.ts';
import {
  membershipModule,
  withdrawAfterComplaint,
  withdrawAfterMailtoUnsubscribe,
} from '../modules/membership/index.ts';
import { messagingModuleWith } from '../modules/messaging/index.ts';
import { portalModule } from '../modules/portal/index.ts';
import { privacyModule } from '../modules/privacy/index.ts';
import { programsModule } from '../modules/programs/index.ts';
import { referralsModule } from '../modules/referrals/index.ts';
import { rewardsModule } from '../modules/rewards/index.ts';
import { segmentsManifest, segmentsModule } from '../modules/segments/index.ts';
import { valueModule, valueSegmentFields } from '../modules/value/index.ts';

export const modules: readonly ModuleManifest[] = [
  authModule,
  programsModule,
  membershipModule,
  membersModule,
  loyaltyModule,
  rewardsModule,
  referralsModule,
  // A spam complaint withdraws the member's marketing consent through membership (consent history shows it).
  messagingModuleWith({
    onComplaint: withdrawAfterComplaint,
    onUnsubscribe: withdrawAfterMailtoUnsubscribe,
  }),
  contactPolicyModule,
  portalModule,
  ingestModule,
  // After every module whose erasure writes audit entries: it redacts the member's audit snapshots.
  auditModule,
  importsModule,
  privacyModule,
  analyticsModule,
  segmentsManifest(valueSegmentFields),
  valueModule,
  // Campaign audiences compile segment rules: the same fields the segments module offers.
  campaignsModuleWith({ fields: segmentsModule(valueSegmentFields).fields }),
  demoModule,
];
