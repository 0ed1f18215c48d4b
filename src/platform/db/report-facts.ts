// The shape of "facts for a report" that a module hands another (campaign statistics asks loyalty for
// purchases, rewards for redemptions, membership for unsubscribes): a Kysely query builder over the owner's
// tables, filtered to a set of members and a time range, that the report composes into one SQL aggregate
// instead of moving rows into Node. The columns a facts function selects are its contract; the tables stay
// the owner's.
import type { SelectQueryBuilder } from 'kysely';
import type { DB } from './schema.ts';

/** A query that selects ids (one column): members, messages. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any source tables; only the one column matters
export type IdsQuery = SelectQueryBuilder<DB, any, Record<string, string | null>>;

export interface FactWindow {
  programId: string;
  members: IdsQuery;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  until: Date;
}
