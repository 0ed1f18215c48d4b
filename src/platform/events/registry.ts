// The subscriptions of the running process, installed once from the module list (src/app/). publishEvent
// looks up in-transaction subscribers here; the dispatcher gets the outbox subscribers from the same list.
import type { ModuleManifest } from '../module.ts';
import type { EventSubscription, InTransactionSubscription, OutboxSubscription } from './types.ts';

let inTransaction = new Map<string, InTransactionSubscription[]>();

export const isOutbox = (s: EventSubscription): s is OutboxSubscription => s.delivery !== 'in-transaction';

/** Every module's subscriptions, in module-list order; refuses two with one name. */
export function subscriptionsOf(modules: readonly ModuleManifest[]): EventSubscription[] {
  const all = modules.flatMap((m) => m.subscriptions ?? []);
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.name)) throw new Error(`Two event subscriptions are named ${s.name}`);
    seen.add(s.name);
  }
  return all;
}

/** The subscriptions the dispatcher delivers to (every one but the in-transaction ones). */
export const outboxSubscriptionsOf = (modules: readonly ModuleManifest[]): OutboxSubscription[] =>
  subscriptionsOf(modules).filter(isOutbox);

/** Makes the modules' in-transaction subscribers the ones publishEvent runs (idempotent; last call wins). */
export function installSubscriptions(modules: readonly ModuleManifest[]): void {
  const next = new Map<string, InTransactionSubscription[]>();
  for (const s of subscriptionsOf(modules)) {
    if (isOutbox(s)) continue;
    for (const type of s.types) next.set(type, [...(next.get(type) ?? []), s]);
  }
  inTransaction = next;
}

export const inTransactionSubscribers = (type: string): readonly InTransactionSubscription[] =>
  inTransaction.get(type) ?? [];
