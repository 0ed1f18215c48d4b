import type { Locale } from '../format.ts';
import { en } from './en.ts';
import { enDashboard } from './en-dashboard.ts';
import { enProfile } from './en-profile.ts';
import { enErrors } from './en-errors.ts';
import { enPortal } from './en-portal.ts';
import { enTiers } from './en-tiers.ts';
import { enRewards } from './en-rewards.ts';
import { enRewardAdmin } from './en-reward-admin.ts';
import { enReferrals } from './en-referrals.ts';
import { enSegmentWords } from './en-segment-words.ts';
import { enSegments } from './en-segments.ts';
import { enTemplates } from './en-templates.ts';
import { enDeliverability } from './en-deliverability.ts';
import { enSending } from './en-sending.ts';
import { enSale } from './en-sale.ts';
import { enLabels } from './en-labels.ts';
import { enAudit } from './en-audit.ts';
import { enCampaigns } from './en-campaigns.ts';
import { enCampaignSend } from './en-campaign-send.ts';
import { enMemberList } from './en-member-list.ts';
import { enMemberEdit } from './en-member-edit.ts';
import { fa } from './fa.ts';
import { faDashboard } from './fa-dashboard.ts';
import { faProfile } from './fa-profile.ts';
import { faErrors } from './fa-errors.ts';
import { faPortal } from './fa-portal.ts';
import { faTiers } from './fa-tiers.ts';
import { faRewards } from './fa-rewards.ts';
import { faRewardAdmin } from './fa-reward-admin.ts';
import { faReferrals } from './fa-referrals.ts';
import { faSegmentWords } from './fa-segment-words.ts';
import { faSegments } from './fa-segments.ts';
import { faTemplates } from './fa-templates.ts';
import { faDeliverability } from './fa-deliverability.ts';
import { faSending } from './fa-sending.ts';
import { faSale } from './fa-sale.ts';
import { faLabels } from './fa-labels.ts';
import { faAudit } from './fa-audit.ts';
import { faCampaigns } from './fa-campaigns.ts';
import { faCampaignSend } from './fa-campaign-send.ts';
import { faMemberList } from './fa-member-list.ts';
import { faMemberEdit } from './fa-member-edit.ts';
import { he } from './he.ts';
import { heDashboard } from './he-dashboard.ts';
import { heProfile } from './he-profile.ts';
import { heErrors } from './he-errors.ts';
import { hePortal } from './he-portal.ts';
import { heTiers } from './he-tiers.ts';
import { heRewards } from './he-rewards.ts';
import { heRewardAdmin } from './he-reward-admin.ts';
import { heReferrals } from './he-referrals.ts';
import { heSegmentWords } from './he-segment-words.ts';
import { heSegments } from './he-segments.ts';
import { heTemplates } from './he-templates.ts';
import { heDeliverability } from './he-deliverability.ts';
import { heSending } from './he-sending.ts';
import { heSale } from './he-sale.ts';
import { heLabels } from './he-labels.ts';
import { heAudit } from './he-audit.ts';
import { heCampaigns } from './he-campaigns.ts';
import { heCampaignSend } from './he-campaign-send.ts';
import { heMemberList } from './he-member-list.ts';
import { heMemberEdit } from './he-member-edit.ts';

// Screen catalogues in their own files are merged here, so parallel work on screens does not collide.
const english = {
  ...en,
  ...enDashboard,
  ...enProfile,
  ...enTiers,
  ...enPortal,
  ...enErrors,
  ...enRewards,
  ...enRewardAdmin,
  ...enReferrals,
  ...enSegments,
  ...enSegmentWords,
  ...enTemplates,
  ...enDeliverability,
  ...enSending,
  ...enSale,
  ...enLabels,
  ...enAudit,
  ...enCampaigns,
  ...enCampaignSend,
  ...enMemberList,
  ...enMemberEdit,
};
export type MessageKey = keyof typeof english;
export const catalogues: Record<Locale, Record<MessageKey, string>> = {
  en: english,
  he: {
    ...he,
    ...heDashboard,
    ...heProfile,
    ...heTiers,
    ...hePortal,
    ...heErrors,
    ...heRewards,
    ...heRewardAdmin,
    ...heRewardAdmin,
    ...heReferrals,
    ...heSegments,
    ...heSegmentWords,
    ...heTemplates,
    ...heDeliverability,
    ...heSending,
    ...heSale,
    ...heLabels,
    ...heAudit,
    ...heCampaigns,
    ...heCampaignSend,
    ...heMemberList,
    ...heMemberEdit,
  },
  fa: {
    ...fa,
    ...faDashboard,
    ...faProfile,
    ...faTiers,
    ...faPortal,
    ...faErrors,
    ...faRewards,
    ...faRewardAdmin,
    ...faRewardAdmin,
    ...faReferrals,
    ...faSegments,
    ...faSegmentWords,
    ...faTemplates,
    ...faDeliverability,
    ...faSending,
    ...faSale,
    ...faLabels,
    ...faAudit,
    ...faCampaigns,
    ...faCampaignSend,
    ...faMemberList,
    ...faMemberEdit,
  },
};
