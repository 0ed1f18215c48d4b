// Screens by path inside a program (/p/:programId/...). `nav` names the navigation entry to highlight.
import type { ReactNode } from 'react';
import { matchPath } from '../shared/router.ts';
import { ApiKeys } from './screens/settings/ApiKeys.tsx';
import { AuditLog } from './screens/settings/AuditLog.tsx';
import { Preferences } from './screens/settings/Preferences.tsx';
import { ProgramSettings } from './screens/settings/ProgramSettings.tsx';
import { Users } from './screens/settings/Users.tsx';
import { CampaignEditor } from './screens/campaigns/CampaignEditor.tsx';
import { CampaignList } from './screens/campaigns/CampaignList.tsx';
import { ContactPolicy } from './screens/campaigns/ContactPolicy.tsx';
import { Dashboard } from './screens/Dashboard.tsx';
import { Deliverability } from './screens/deliverability/Deliverability.tsx';
import { Loyalty } from './screens/loyalty/Loyalty.tsx';
import { MessageDetail } from './screens/messages/MessageDetail.tsx';
import { MessageLog } from './screens/messages/MessageLog.tsx';
import { FormBuilder } from './screens/membership/FormBuilder.tsx';
import { FormList } from './screens/membership/FormList.tsx';
import { FormPoster } from './screens/membership/FormPoster.tsx';
import { Imports } from './screens/membership/Imports.tsx';
import { ListMembers } from './screens/membership/ListMembers.tsx';
import { Lists } from './screens/membership/Lists.tsx';
import { MemberEdit } from './screens/members/MemberEdit.tsx';
import { MemberList } from './screens/members/MemberList.tsx';
import { MemberNew } from './screens/members/MemberNew.tsx';
import { MemberProfile } from './screens/members/MemberProfile.tsx';
import { Referrals } from './screens/referrals/Referrals.tsx';
import { RecordSale } from './screens/sale/RecordSale.tsx';
import { Sending } from './screens/sending/Sending.tsx';
import { AutomaticRewards } from './screens/rewards/AutomaticRewards.tsx';
import { CouponBatches } from './screens/rewards/CouponBatches.tsx';
import { RewardsPolicy } from './screens/rewards/RewardsPolicy.tsx';
import { CouponLookup } from './screens/rewards/CouponLookup.tsx';
import { Rewards } from './screens/rewards/Rewards.tsx';
import { Till } from './screens/rewards/Till.tsx';
import { CustomerValue } from './screens/segments/CustomerValue.tsx';
import { SegmentPage } from './screens/segments/SegmentPage.tsx';
import { Segments } from './screens/segments/Segments.tsx';
import { TemplateEditor } from './screens/templates/TemplateEditor.tsx';
import { TemplateList } from './screens/templates/TemplateList.tsx';

interface Route {
  pattern: string;
  nav: string;
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/', nav: 'dashboard', render: () => <Dashboard /> },
  { pattern: '/dashboard', nav: 'dashboard', render: () => <Dashboard /> },
  { pattern: '/members', nav: 'members', render: () => <MemberList /> },
  { pattern: '/members/new', nav: 'members', render: () => <MemberNew /> },
  {
    pattern: '/members/:memberId/edit',
    nav: 'members',
    render: (p) => <MemberEdit key={p.memberId} memberId={p.memberId!} />,
  },
  {
    pattern: '/members/:memberId',
    nav: 'members',
    render: (p) => <MemberProfile key={p.memberId} memberId={p.memberId!} />,
  },
  { pattern: '/loyalty', nav: 'loyalty', render: () => <Loyalty tab="rules" /> },
  { pattern: '/loyalty/:tab', nav: 'loyalty', render: (p) => <Loyalty tab={p.tab!} /> },
  { pattern: '/rewards', nav: 'rewards', render: () => <Rewards /> },
  { pattern: '/reward-rules', nav: 'autoRewards', render: () => <AutomaticRewards /> },
  { pattern: '/rewards-policy', nav: 'rewardsPolicy', render: () => <RewardsPolicy /> },
  { pattern: '/coupons', nav: 'coupons', render: () => <CouponLookup /> },
  { pattern: '/coupon-batches', nav: 'couponBatches', render: () => <CouponBatches /> },
  { pattern: '/referrals', nav: 'referrals', render: () => <Referrals /> },
  { pattern: '/pos', nav: 'pos', render: () => <Till /> },
  { pattern: '/sale', nav: 'sale', render: () => <RecordSale /> },
  { pattern: '/lists', nav: 'lists', render: () => <Lists /> },
  {
    pattern: '/lists/:listId',
    nav: 'lists',
    render: (p) => <ListMembers key={p.listId} listId={p.listId!} />,
  },
  { pattern: '/forms', nav: 'forms', render: () => <FormList /> },
  { pattern: '/forms/new', nav: 'forms', render: () => <FormBuilder key="new" /> },
  {
    pattern: '/forms/:formId',
    nav: 'forms',
    render: (p) => <FormBuilder key={p.formId} formId={p.formId!} />,
  },
  {
    pattern: '/forms/:formId/poster',
    nav: 'forms',
    render: (p) => <FormPoster key={p.formId} formId={p.formId!} />,
  },
  { pattern: '/imports', nav: 'imports', render: () => <Imports /> },
  { pattern: '/segments', nav: 'segments', render: () => <Segments /> },
  {
    pattern: '/segments/:segmentId',
    nav: 'segments',
    render: (p) => <SegmentPage key={p.segmentId} segmentId={p.segmentId!} />,
  },
  { pattern: '/value', nav: 'value', render: () => <CustomerValue /> },
  { pattern: '/templates', nav: 'templates', render: () => <TemplateList /> },
  {
    pattern: '/templates/new/:channel',
    nav: 'templates',
    render: (p) => (
      <TemplateEditor key={`new-${p.channel}`} channel={p.channel === 'sms' ? 'sms' : 'email'} />
    ),
  },
  {
    pattern: '/templates/:templateId',
    nav: 'templates',
    render: (p) => <TemplateEditor key={p.templateId} templateId={p.templateId!} />,
  },
  { pattern: '/campaigns', nav: 'campaigns', render: () => <CampaignList /> },
  { pattern: '/campaigns/new', nav: 'campaigns', render: () => <CampaignEditor key="new" /> },
  {
    pattern: '/campaigns/:campaignId',
    nav: 'campaigns',
    render: (p) => <CampaignEditor key={p.campaignId} campaignId={p.campaignId!} />,
  },
  { pattern: '/messages', nav: 'messages', render: () => <MessageLog /> },
  {
    pattern: '/messages/:messageId',
    nav: 'messages',
    render: (p) => <MessageDetail key={p.messageId} messageId={p.messageId!} />,
  },
  { pattern: '/deliverability', nav: 'deliverability', render: () => <Deliverability /> },
  { pattern: '/settings/program', nav: 'settings-program', render: () => <ProgramSettings /> },
  { pattern: '/settings/users', nav: 'settings-users', render: () => <Users /> },
  { pattern: '/settings/api-keys', nav: 'settings-api-keys', render: () => <ApiKeys /> },
  { pattern: '/settings/audit', nav: 'settings-audit', render: () => <AuditLog /> },
  { pattern: '/settings/sending', nav: 'settings-sending', render: () => <Sending /> },
  {
    pattern: '/settings/contact-policy',
    nav: 'settings-contact-policy',
    render: () => <ContactPolicy />,
  },
  { pattern: '/settings/preferences', nav: 'settings-preferences', render: () => <Preferences /> },
];

export function screenFor(path: string): { nav: string; element: ReactNode } | undefined {
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return { nav: route.nav, element: route.render(params) };
  }
  return undefined;
}
