// The messaging module's public surface: record a message (sent by a job), suppressions, the job module.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { bounceRoutesWith } from './bounces/routes.ts';
import type { ComplaintHandler } from './bounces/service.ts';
import { startInboundSmtp, type UnsubscribeHandler } from './bounces/smtp-inbound.ts';
import { eraseMemberMessages, memberMessages } from './privacy.ts';
import { emailRoutes } from './email/routes.ts';
import { trackingRoutes } from './email/tracking-routes.ts';
import { messagingRoutes } from './routes.ts';
import { messagingJobs } from './send.ts';
import { smsRoutes } from './sms/routes.ts';
import { templateRoutes } from './templates/routes.ts';
import { messagingPermissions } from './permissions.ts';
import { mergeMessaging } from './merge.ts';

export interface MessagingOptions {
  /** What a spam complaint does to the member's consent (src/app/modules.ts wires the membership module's). */
  onComplaint?: ComplaintHandler | undefined;
  /** What a mailto unsubscribe does to the member's consent (likewise). */
  onUnsubscribe?: UnsubscribeHandler | undefined;
}

export const messagingModuleWith = (options: MessagingOptions) =>
  defineModule({
    name: 'messaging',
    mergeMember: mergeMessaging,
    routes: [
      messagingRoutes,
      templateRoutes,
      bounceRoutesWith({ onComplaint: options.onComplaint }),
      smsRoutes,
      emailRoutes,
      trackingRoutes,
    ],
    permissions: ['messaging:read', 'messaging:write', 'messaging:inbound'],
    definesPermissions: messagingPermissions,
    listeners: [
      async ({ db, clock, config, log }) => {
        if (config.inboundSmtpPort === undefined) return undefined;
        const { onComplaint, onUnsubscribe } = options;
        const server = await startInboundSmtp(
          { db, clock, onComplaint, onUnsubscribe, log },
          { port: config.inboundSmtpPort, host: config.inboundSmtpHost },
        );
        return {
          description: `Inbound SMTP (bounces, mailto unsubscribes): ${config.inboundSmtpHost}:${server.port}`,
          close: server.close,
        };
      },
    ],
    jobs: messagingJobs,
    migrations: migrationsBeside(import.meta.url),
    memberData: {
      name: 'messages',
      exportData: memberMessages,
      erase: (trx, _clock, subject) => eraseMemberMessages(trx, subject),
    },
  });

/** Without a complaint handler: a complaint suppresses the address but changes no consent. */
export const messagingModule = messagingModuleWith({});

export { getMessage, listMessages, queueMessage, type Message, type QueueMessageInput } from './service.ts';
export { marketingContactsSince, type MarketingContact } from './contact-history.ts';
export { blockingSuppression, suppressAddress, unsuppressAddress, type Suppression } from './suppressions.ts';
export { messagingJobs, sendQueuedMessage } from './send.ts';
export { closeSmtpTransports, directionOf, htmlDocument } from './channels/smtp.ts';
export { messageFromReturnPath, parseVerpAddress, returnPathFor, type VerpKind } from './email/verp.ts';
export { rewriteLinks } from './email/tracking.ts';
export {
  messageEngagement,
  recordEngagement,
  type Fetch as EngagementFetch,
  type MessageEngagement,
} from './email/engagement.ts';
export { useTxtResolver, type TxtResolver } from './email/deliverability.ts';
export type { MessageChannel, MessagePurpose, MessageStatus, SuppressionReason } from './tables.ts';
export { eraseMemberMessages, memberMessages } from './privacy.ts';
export { deliverableMessage, REDACTED } from './secrets.ts';
export { countSmsSegments, estimateSmsCost, type SmsSegmentCount } from './sms/segments.ts';
export {
  assignCampaignVariant,
  CAMPAIGN_KIND,
  campaignMessageCounts,
  campaignSentSince,
  claimCampaignMessages,
  countCampaignAudience,
  memberCampaignMessages,
  nextCampaignMessageDue,
  recordCampaignMessages,
  recordCampaignOutcomes,
  skipCampaignMessages,
  type CampaignAudienceInput,
  type CampaignHold,
  type DueCampaignMessage,
  type CampaignMessageCount,
  type CampaignOutcome,
  type ClaimedCampaignMessage,
  type MemberCampaignMessage,
} from './campaign-rows.ts';
export { classifyCampaignAudience, type ClassifiedRecipient } from './campaign-audience.ts';
export {
  campaignSender,
  type CampaignDelivery,
  type CampaignSender,
  type DeliveryResult,
} from './campaign-send.ts';
export {
  createTemplate,
  findTemplateByKey,
  getTemplate,
  getSenderProfile,
  programFacts,
  updateSenderProfile,
  type MessageTemplate,
  type SenderProfile,
} from './templates/service.ts';
export {
  builtInTemplate,
  sendServiceMessage,
  serviceTemplate,
  type ServiceMessageInput,
} from './templates/service-send.ts';
export {
  SERVICE_TEMPLATE_KEYS,
  SERVICE_TEMPLATES,
  type ServiceTemplateKey,
} from './templates/service-defaults.ts';
export {
  memberForRender,
  membersForRender,
  renderForMember,
  type RenderForMemberInput,
} from './templates/render.ts';
export type { PerSendValues, RenderLinks, RenderMember } from './templates/context.ts';
export { parseReturnedMail, type ReturnedMail } from './bounces/parse.ts';
export { classifyFailure, type BounceReason, type BounceSeverity } from './bounces/classify.ts';
export { recordReturnedMail, type ComplaintHandler } from './bounces/service.ts';
export { startInboundSmtp, unsubscribeByMail, type UnsubscribeHandler } from './bounces/smtp-inbound.ts';
export { bounceFacts, campaignMessageFacts, clickFacts, openFacts } from './report-facts.ts';
