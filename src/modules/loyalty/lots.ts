// Earned points are lots: available_at (pending period), expires_at, remaining. Spending consumes the oldest
// lots first (FIFO). Callers hold the member's account lock, which serialises every change to their lots.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface OpenLot {
  id: number;
  remaining: number;
  matured: boolean;
  purchase_id: string | null;
}

export interface LotTake {
  id: number;
  take: number;
  matured: boolean;
}

/** Open lots, oldest first. `maturedOnly` for spending; reversals may also take pending points. */
export async function openLots(
  db: Db,
  programId: string,
  memberId: string,
  options: { maturedOnly: boolean },
): Promise<OpenLot[]> {
  let q = db
    .selectFrom('loyalty_lots')
    .select(['id', 'remaining', 'matured', 'purchase_id'])
    .where('program_id', '=', programId)
    .where('member_id', '=', memberId)
    .where('remaining', '>', 0);
  if (options.maturedOnly) q = q.where('matured', '=', true);
  return q.orderBy('earned_at').orderBy('id').execute();
}

/** Takes up to `points` from the lots in the order given. */
export function planConsumption(
  lots: readonly OpenLot[],
  points: number,
): { takes: LotTake[]; taken: number } {
  const takes: LotTake[] = [];
  let left = points;
  for (const lot of lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    takes.push({ id: lot.id, take, matured: lot.matured });
    left -= take;
  }
  return { takes, taken: points - left };
}

export async function applyConsumption(db: Db, programId: string, takes: readonly LotTake[]): Promise<void> {
  if (takes.length === 0) return;
  const values = sql.join(takes.map((t) => sql`(${t.id}::bigint, ${t.take}::bigint)`));
  await sql`
    update loyalty_lots l set remaining = l.remaining - v.take
    from (values ${values}) as v(id, take)
    where l.program_id = ${programId} and l.id = v.id`.execute(db);
}

export const sumTakes = (takes: readonly LotTake[], matured: boolean) =>
  takes.filter((t) => t.matured === matured).reduce((s, t) => s + t.take, 0);
