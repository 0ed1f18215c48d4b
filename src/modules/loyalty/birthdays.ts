// Birthday-month bonuses: once a day, members whose birthday month has begun (in the program's time zone) get
// the program's `birthday_month` event rules, once per member per year (the idempotency key says which year).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { SYSTEM_ACTOR } from '../audit/index.ts';
import { awardEventBonus } from './events.ts';
import { localDay } from './local-time.ts';
import { loadLoyaltyConfig } from './settings.ts';

export const BIRTHDAY_EVENT = 'birthday_month';

export async function awardBirthdayBonuses(
  db: Db,
  clock: Clock,
  programId: string,
): Promise<{ awarded: number; points: number }> {
  const config = await loadLoyaltyConfig(db, programId);
  if (!config.rules.some((r) => r.trigger === 'event' && r.event === BIRTHDAY_EVENT)) {
    return { awarded: 0, points: 0 };
  }
  const today = localDay(clock.now(), config.timeZone);
  const year = today.day.slice(0, 4);
  const prefix = `event:${BIRTHDAY_EVENT}:`;
  let after = '00000000-0000-0000-0000-000000000000';
  let awarded = 0;
  let points = 0;
  for (;;) {
    const batch = await sql<{ id: string }>`
      select m.id from members m
      where m.program_id = ${programId} and m.deleted_at is null and m.id > ${after}
        and extract(month from m.birthday) = ${today.month}
        and not exists (select 1 from loyalty_ledger l where l.program_id = m.program_id
          and l.idempotency_key = ${prefix} || m.id::text || ':' || ${year})
      order by m.id limit 500`.execute(db);
    if (batch.rows.length === 0) break;
    for (const { id } of batch.rows) {
      const bonus = await awardEventBonus(db, clock, SYSTEM_ACTOR, programId, {
        memberId: id,
        event: BIRTHDAY_EVENT,
        idempotencyKey: `${BIRTHDAY_EVENT}:${id}:${year}`,
      });
      if (bonus.points > 0 && !bonus.replayed) {
        awarded++;
        points += bonus.points;
      }
    }
    after = batch.rows[batch.rows.length - 1]!.id;
  }
  return { awarded, points };
}
