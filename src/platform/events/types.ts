// The event bus's types. Each module names the events it publishes and their payloads by declaration merging,
// the way it adds its tables to DB:
//
//   declare module '../../platform/events/types.ts' {
//     interface EventPayloads {
//       'purchase.recorded': { purchaseId: string; orderId: string; total: number; points: number };
//     }
//   }
//
// so that publishing and subscribing are typed and the kernel still imports no module. Names are
// `noun.past_tense`; payloads carry ids and figures, never a copy of a member's personal data (the outbox is
// kept, and an erasure leaves ids only).
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by modules (declaration merging)
export interface EventPayloads {}

export type EventType = keyof EventPayloads & string;

/** An event as it is published: what happened, to whom, and when (the caller's clock). */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  programId: string;
  /** The member the event is about, when it is about one. */
  memberId: string | null;
  payload: EventPayloads[T];
}

/** An event as it is stored in the outbox and handed to subscribers. */
export interface RecordedEvent<T extends EventType = EventType> {
  id: number;
  type: T;
  programId: string;
  memberId: string | null;
  payload: EventPayloads[T];
  occurredAt: Date;
}

/** Handed to a handler besides the transaction. */
export interface EventContext {
  clock: Clock;
  /**
   * Who made the change, for in-transaction handlers when the publisher said so (an audit actor); undefined for
   * handlers run by the dispatcher, which act as the system.
   */
  actor?: unknown;
}

/** One subscription; declared in a module's manifest (`subscriptions`). */
export type EventSubscription<T extends EventType = EventType> =
  OutboxSubscription<T> | InTransactionSubscription<T>;

interface SubscriptionBase<T extends EventType> {
  /** Unique, `<module>.<what>` (e.g. `referrals.qualify-referee`). The key of the subscriber's position. */
  name: string;
  /** The event types it wants; the others pass it by. */
  types: readonly T[];
  /**
   * Runs in a transaction: for an outbox subscription, the dispatcher's, which also advances the
   * subscriber's position — the handler's writes and "this event is handled" commit together, so each event is
   * handled exactly once (a crash or a throw rolls both back and the event comes again); for an in-transaction
   * subscription, the publisher's. Keep it idempotent by nature where cheap: exactly-once holds for writes
   * to this database, not for calls to the outside world (send through the job queue or an idempotent API).
   */
  handle(trx: Db, event: RecordedEvent<T>, ctx: EventContext): Promise<void>;
}

/** Delivered after the change commits, by the dispatcher job, once, in outbox order. */
export interface OutboxSubscription<T extends EventType = EventType> extends SubscriptionBase<T> {
  delivery?: 'outbox';
  /**
   * Where a new subscriber starts: `beginning` replays every event ever recorded (a new read model, a
   * backfill); `now` takes only events recorded from its first dispatch on (a welcome e-mail must not go to
   * every existing member). Required, because the wrong default is expensive either way.
   */
  from: 'beginning' | 'now';
}

/**
 * Run by publishEvent inside the publishing transaction, before it commits: a handler that throws undoes the
 * change. For reactions that must commit with the change or not at all (the signup bonus). They see only
 * events published with publishEvent(s); an event written to the outbox by SQL (loyalty's purchase statement
 * writes purchase.recorded) reaches outbox subscribers only.
 */
export interface InTransactionSubscription<T extends EventType = EventType> extends SubscriptionBase<T> {
  delivery: 'in-transaction';
}

/** A subscriber's progress, for operators (`moadon events`) and tests. */
export interface SubscriberStatus {
  name: string;
  handled: number;
  failures: number;
  lastError: string | null;
  retryAt: Date | null;
  /** Events of its types recorded and not yet handled. */
  behind: number;
}
