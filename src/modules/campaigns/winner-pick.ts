// The A/B test's end: once every test row is settled the test is done (test_done_at); after the campaign's delay
// the best variant on its metric (stats/winner.ts) is given to the rest of the audience, or a person picks one by
// hand at any time after the launch. Either way the rows waiting for the winner get it in the same transaction
// as the campaign's winner fields, so the rest is sent exactly once with exactly one variant.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { JobContext } from '../../platform/jobs/index.ts';
import { assignCampaignVariant, campaignMessageCounts } from '../messaging/index.ts';
import { getProgram } from '../programs/index.ts';
import { campaignGroupCounts, resultsWindowOf } from './results-queries.ts';
import { campaignRow, type CampaignRow } from './service.ts';
import { pickWinner, type VariantCounts } from './stats/winner.ts';

/** When the automatic winner is due (null: no test, picked already, picked by hand, or the test is not done). */
export function winnerDueAt(row: CampaignRow): Date | null {
  if (row.variants.length < 2 || row.winner_variant || row.winner_delay_minutes === null) return null;
  if (!row.test_done_at) return null;
  return new Date(row.test_done_at.getTime() + row.winner_delay_minutes * 60_000);
}

/** Gives the waiting rows `variant` and records the pick; refuses a second pick. */
export async function applyWinner(
  db: Db,
  clock: Clock,
  row: CampaignRow,
  pick: { variant: string; source: 'auto' | 'manual'; decision?: unknown },
): Promise<CampaignRow> {
  return db.transaction().execute(async (trx) => {
    const locked = await campaignRow(trx, row.program_id, row.id, true);
    if (locked.winner_variant) {
      throw new AppError(
        'winner_already_picked',
        409,
        `Variant ${locked.winner_variant} was already picked`,
        {
          campaignId: row.id,
          variant: locked.winner_variant,
        },
      );
    }
    if (!locked.variants.some((v) => v.key === pick.variant)) {
      throw new AppError('invalid_ab_test', 400, `The campaign has no variant ${pick.variant}`, {
        field: 'variant',
      });
    }
    const now = clock.now();
    if (locked.recorded_at) await assignCampaignVariant(trx, clock, locked.id, pick.variant);
    return trx
      .updateTable('campaigns')
      .set({
        winner_variant: pick.variant,
        winner_source: pick.source,
        winner_picked_at: now,
        winner_decision: pick.decision === undefined ? null : JSON.stringify(pick.decision),
        updated_at: now,
      })
      .where('id', '=', locked.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * Each variant's unique counts so far, counted as the results page counts them (results-queries.ts): delivered
 * messages, first human opens and clicks, and conversions — recipients with a purchase within the campaign's
 * attribution days of their first open or click — each for the variant the member was sent.
 */
export async function variantCounts(db: Db, clock: Clock, row: CampaignRow): Promise<VariantCounts[]> {
  const groups = row.recorded_at
    ? await campaignGroupCounts(
        db,
        resultsWindowOf(
          {
            programId: row.program_id,
            id: row.id,
            channel: row.channel,
            attributionDays: row.attribution_days,
          },
          row.recorded_at,
          (await getProgram(db, row.program_id)).currency,
          clock.now(),
        ),
      )
    : [];
  return row.variants.map((v) => {
    const g = groups.find((x) => x.grp === v.key);
    return {
      key: v.key,
      delivered: g?.delivered ?? 0,
      opened: g?.opened ?? 0,
      clicked: g?.clicked ?? 0,
      converted: g?.conversions ?? 0,
    };
  });
}

/** Marks the test done when its rows are settled, and picks the winner once its delay has passed. */
export async function pickAutomaticWinner(ctx: JobContext, row: CampaignRow): Promise<CampaignRow> {
  if (row.variants.length < 2 || row.winner_variant) return row;
  if (!row.test_done_at) {
    const counts = await campaignMessageCounts(ctx.db, row.program_id, row.id);
    const testPending = counts.some(
      (c) => c.variant !== null && ['queued', 'sending', 'deferred'].includes(c.status) && c.count > 0,
    );
    if (testPending) return row;
    row = await ctx.db
      .updateTable('campaigns')
      .set({ test_done_at: ctx.clock.now(), updated_at: ctx.clock.now() })
      .where('id', '=', row.id)
      .where('test_done_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const due = winnerDueAt(row);
  if (!due || due > ctx.clock.now()) return row;
  const decision = pickWinner(await variantCounts(ctx.db, ctx.clock, row), row.winner_metric);
  try {
    return await applyWinner(ctx.db, ctx.clock, row, { variant: decision.winner, source: 'auto', decision });
  } catch (error) {
    // Picked by hand a moment ago: that pick stands.
    if (error instanceof AppError && error.code === 'winner_already_picked') {
      return campaignRow(ctx.db, row.program_id, row.id);
    }
    throw error;
  }
}
