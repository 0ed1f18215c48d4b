// The messaging module's public surface: record a message (sent by a job), suppressions, the job module.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import { eraseMemberMessages, memberMessages } from './privacy.ts';
import { messagingRoutes } from './routes.ts';
import { messagingJobs } from './send.ts';
import { templateRoutes } from './templates/routes.ts';

export const messagingModule = defineModule({
  name: 'messaging',
  routes: [messagingRoutes, templateRoutes],
  permissions: ['messaging:read', 'messaging:write'],
  jobs: messagingJobs,
  migrations: migrationsBeside(import.meta.url),
  memberData: {
    name: 'messages',
    exportData: memberMessages,
    erase: (trx, _clock, subject) => eraseMemberMessages(trx, subject),
  },
});

export { getMessage, listMessages, queueMessage, type Message, type QueueMessageInput } from './service.ts';
export { blockingSuppression, suppressAddress, unsuppressAddress, type Suppression } from './suppressions.ts';
export { messagingJobs, sendQueuedMessage } from './send.ts';
export { closeSmtpTransports, directionOf, htmlDocument } from './channels/smtp.ts';
export { messageFromReturnPath, parseVerpAddress, returnPathFor, type VerpKind } from './email/verp.ts';
export type { MessageChannel, MessagePurpose, MessageStatus, SuppressionReason } from './tables.ts';
export { eraseMemberMessages, memberMessages } from './privacy.ts';
export { deliverableMessage, REDACTED } from './secrets.ts';
export { countSmsSegments, estimateSmsCost, type SmsSegmentCount } from './sms/segments.ts';
export {
  findTemplateByKey,
  getSenderProfile,
  programFacts,
  type MessageTemplate,
  type SenderProfile,
} from './templates/service.ts';
export { memberForRender, renderForMember, type RenderForMemberInput } from './templates/render.ts';
export type { PerSendValues, RenderLinks, RenderMember } from './templates/context.ts';
