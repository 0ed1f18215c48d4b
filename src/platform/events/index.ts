// The event bus: one outbox table written in the transaction of each change, delivered to the subscribers that
// modules declare in their manifests. See docs/architecture.md ("The event bus") and ADR 0007.
export {
  dispatchEvents,
  dispatchSubscriber,
  registerSubscribers,
  replaySubscriber,
  subscriberStatus,
  type DispatchOptions,
  type DispatchResult,
} from './dispatch.ts';
export {
  listEvents,
  outboxInsertFrom,
  publishableInStatement,
  publishEvent,
  publishEvents,
  type EventQuery,
  type PublishOptions,
} from './outbox.ts';
export { installSubscriptions, outboxSubscriptionsOf, subscriptionsOf } from './registry.ts';
export type {
  EventContext,
  EventPayloads,
  EventSubscription,
  EventType,
  InTransactionSubscription,
  NewEvent,
  OutboxSubscription,
  RecordedEvent,
  SubscriberStatus,
} from './types.ts';

import type { EventSubscription, EventType } from './types.ts';

/** Declares a subscription with its event types inferred: `subscriptions: [subscribe({ … })]`. */
export const subscribe = <T extends EventType>(subscription: EventSubscription<T>): EventSubscription =>
  subscription as unknown as EventSubscription;
