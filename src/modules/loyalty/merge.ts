// A member merged into another (members/merge.ts): the duplicate's points account is added into the
// survivor's and every ledger entry, lot, purchase, and capped-rule award moves with it. Both
// accounts are locked before anything moves, so a purchase or redemption on either that commits first is
// carried over, and one that comes after finds the duplicate gone (lockAccount re-checks the member).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { MemberMergeSubject } from '../../platform/module.ts';
import type { AccountRow } from './account.ts';
import { loadLoyaltyConfig } from './settings.ts';
import { evaluateAccountTier } from './tiers.ts';

const MOVED = ['loyalty_ledger', 'loyalty_lots', 'loyalty_purchases', 'loyalty_rule_awards'];

export async function mergeLoyalty(trx: Db, clock: Clock, { programId, fromId, intoId }: MemberMergeSubject) {
  const now = clock.now();
  const locked = await sql<AccountRow>`
    select * from loyalty_accounts where program_id = ${programId} and member_id in (${fromId}, ${intoId})
    order by member_id for update`.execute(trx);
  const from = locked.rows.find((a) => a.member_id === fromId);
  const into = locked.rows.find((a) => a.member_id === intoId);
  for (const table of MOVED) {
    await sql`update ${sql.table(table)} set member_id = ${intoId}
      where program_id = ${programId} and member_id = ${fromId}`.execute(trx);
  }
  await sql`update loyalty_ledger set counterpart_member_id = ${intoId}
    where program_id = ${programId} and counterpart_member_id = ${fromId}`.execute(trx);
  if (!from) return;
  if (!into) {
    await sql`update loyalty_accounts set member_id = ${intoId}, updated_at = ${now}
      where program_id = ${programId} and member_id = ${fromId}`.execute(trx);
    return;
  }
  const config = await loadLoyaltyConfig(trx, programId);
  const rank = (key: string | null) => config.tiers.findIndex((t) => t.key === key);
  const tier = rank(from.tier_key) > rank(into.tier_key) ? from : into;
  const merged = await sql<AccountRow>`
    update loyalty_accounts a set
      available = a.available + f.available, pending = a.pending + f.pending, debt = a.debt + f.debt,
      unrecovered = a.unrecovered + f.unrecovered,
      lifetime_earned = a.lifetime_earned + f.lifetime_earned,
      lifetime_redeemed = a.lifetime_redeemed + f.lifetime_redeemed,
      lifetime_expired = a.lifetime_expired + f.lifetime_expired,
      purchase_count = a.purchase_count + f.purchase_count, lifetime_spend = a.lifetime_spend + f.lifetime_spend,
      tier_key = ${tier.tier_key}, tier_since = ${tier.tier_since}, downgrade_at = ${tier.downgrade_at},
      last_activity_at = greatest(a.last_activity_at, f.last_activity_at),
      created_at = least(a.created_at, f.created_at), updated_at = ${now}
    from loyalty_accounts f
    where a.program_id = ${programId} and a.member_id = ${intoId}
      and f.program_id = ${programId} and f.member_id = ${fromId}
    returning a.*`.execute(trx);
  await sql`delete from loyalty_accounts where program_id = ${programId} and member_id = ${fromId}`.execute(
    trx,
  );
  // The two histories together may reach a higher tier than either did.
  await evaluateAccountTier(trx, config, merged.rows[0]!, now, 'purchase');
}
