// The soft-bounce policy per program: suppress an address after N soft bounces within D days.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';

export interface BounceSettings {
  softBounceLimit: number;
  softBounceWindowDays: number;
}

export const DEFAULT_BOUNCE_SETTINGS: BounceSettings = { softBounceLimit: 3, softBounceWindowDays: 7 };

export async function getBounceSettings(db: Db, programId: string): Promise<BounceSettings> {
  const row = await db
    .selectFrom('bounce_settings')
    .select(['soft_bounce_limit', 'soft_bounce_window_days'])
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return row
    ? { softBounceLimit: row.soft_bounce_limit, softBounceWindowDays: row.soft_bounce_window_days }
    : { ...DEFAULT_BOUNCE_SETTINGS };
}

export async function saveBounceSettings(
  db: Db,
  clock: Clock,
  programId: string,
  settings: BounceSettings,
): Promise<BounceSettings> {
  const values = {
    soft_bounce_limit: settings.softBounceLimit,
    soft_bounce_window_days: settings.softBounceWindowDays,
    updated_at: clock.now(),
  };
  await db
    .insertInto('bounce_settings')
    .values({ program_id: programId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
  return settings;
}
