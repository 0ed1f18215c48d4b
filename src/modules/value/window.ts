// Snapshot instants for a local day in the program's zone: figures "as of 2026-06-15" include all of that day.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { getProgram } from '../programs/index.ts';
import type { ValueWindow } from './customers.ts';

export const DEFAULT_WINDOW_MONTHS = 24;

export interface Snapshot extends ValueWindow {
  day: string;
  timeZone: string;
  months: number;
}

/** The snapshot for `day` (default: today in the program's zone) over the `months` before it. */
export async function snapshotFor(
  db: Db,
  programId: string,
  now: Date,
  options: { day?: string | undefined; months?: number | undefined; monthsBack?: number } = {},
): Promise<Snapshot> {
  const program = await getProgram(db, programId);
  const months = options.months ?? DEFAULT_WINDOW_MONTHS;
  const tz = program.timeZone;
  const today = sql`cast(cast(${now} as timestamptz) at time zone ${tz} as date)`;
  const base = options.day ? sql`cast(${options.day} as date)` : today;
  const row = await sql<{ day: string; as_of: Date; since: Date }>`
    select cast(x.d as text) as day,
      ((x.d + 1)::timestamp at time zone ${tz}) as as_of,
      ((x.d + 1 - make_interval(months => ${months}))::timestamp at time zone ${tz}) as since
    from (select cast(${base} - make_interval(months => ${options.monthsBack ?? 0}) as date) as d) x
  `.execute(db);
  const r = row.rows[0]!;
  return {
    programId,
    currency: program.currency,
    timeZone: tz,
    months,
    day: r.day,
    asOf: new Date(r.as_of),
    since: new Date(r.since),
  };
}
