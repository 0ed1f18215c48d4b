// A member merged into another (members/merge.ts): the duplicate's lifetime figures are added into the
// survivor's (orders and net spend summed, first and last purchase widened), or become the survivor's.
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';

export async function mergeValue(trx: Db, _clock: Clock, { programId, fromId, intoId }: MemberMergeSubject) {
  await sql`
    update value_member_metrics a set orders = a.orders + f.orders, net_spend = a.net_spend + f.net_spend,
      first_purchase_at = least(a.first_purchase_at, f.first_purchase_at),
      last_purchase_at = greatest(a.last_purchase_at, f.last_purchase_at),
      distinct_categories = greatest(a.distinct_categories, f.distinct_categories),
      top_category = coalesce(a.top_category, f.top_category),
      last_event_id = greatest(a.last_event_id, f.last_event_id), updated_at = greatest(a.updated_at, f.updated_at)
    from value_member_metrics f
    where a.program_id = ${programId} and a.member_id = ${intoId}
      and f.program_id = ${programId} and f.member_id = ${fromId}`.execute(trx);
  await sql`
    update value_member_metrics set member_id = ${intoId}
    where program_id = ${programId} and member_id = ${fromId}
      and not exists (select 1 from value_member_metrics s where s.member_id = ${intoId})`.execute(trx);
  await sql`delete from value_member_metrics where program_id = ${programId} and member_id = ${fromId}`.execute(
    trx,
  );
}
