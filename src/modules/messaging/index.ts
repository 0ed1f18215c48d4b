// The messaging module's public surface: record a message (sent by a job), suppressions, the job module.
export { getMessage, listMessages, queueMessage, type Message, type QueueMessageInput } from './service.ts';
export { blockingSuppression, suppressAddress, unsuppressAddress, type Suppression } from './suppressions.ts';
export { messagingJobs, sendQueuedMessage } from './send.ts';
export { directionOf, htmlDocument } from './channels/smtp.ts';
export type { MessageChannel, MessagePurpose, MessageStatus, SuppressionReason } from './tables.ts';
export { eraseMemberMessages, memberMessages } from './privacy.ts';
