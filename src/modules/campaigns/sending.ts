// The campaign's send job: one per campaign (unique key), for its whole life. It records the audience's rows once
// (in one transaction, before anything is sent), then sends batch after batch until nothing is due, and puts
// itself back for when something will be — a deferred row, the A/B winner's time, the rate limit's next token,
// the provider's back-off — so a campaign never stops with rows left and never "runs" with nothing to do. After a
// crash the job comes back when its lease ends and takes up the rows its slot left in flight.
import type { Job, JobContext, JobModule } from '../../platform/jobs/index.ts';
import { enqueueJob, extendJobLease, JobDeferred } from '../../platform/jobs/index.ts';
import {
  campaignMessageCounts,
  campaignSender,
  campaignSentSince,
  nextCampaignMessageDue,
  recordCampaignMessages,
} from '../messaging/index.ts';
import type { SegmentFieldRegistry } from '../segments/index.ts';
import { pickAutomaticWinner, winnerDueAt } from './winner-pick.ts';
import { campaignAudienceInput } from './recipients.ts';
import { claimBatch, deliverBatch, prepareRun, type BatchResult, type ClaimedBatch } from './send-batch.ts';
import { campaignRow, type CampaignRow } from './service.ts';
import { progressOf } from './state.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';

export const SEND_JOB = 'campaigns.send';
const BATCH = 200;

export const sendJobKey = (campaignId: string) => `campaign:${campaignId}`;

/** Queues the campaign's send job (once: a queued or running one is left as it is) for `at` or now. */
export async function enqueueSendJob(db: Db, clock: Clock, row: CampaignRow, at?: Date): Promise<void> {
  await enqueueJob(db, clock, {
    type: SEND_JOB,
    programId: row.program_id,
    payload: { campaignId: row.id },
    uniqueKey: sendJobKey(row.id),
    ...(at ? { runAt: at } : {}),
  });
}

export interface SendDeps {
  fields: SegmentFieldRegistry;
}

async function recordAudience(ctx: JobContext, deps: SendDeps, row: CampaignRow): Promise<CampaignRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const locked = await campaignRow(trx, row.program_id, row.id, true);
    if (locked.recorded_at || locked.cancelled_at) return locked;
    const input = await campaignAudienceInput({ db: trx, clock: ctx.clock, fields: deps.fields }, locked);
    const recorded = await recordCampaignMessages(trx, ctx.clock, input);
    return trx
      .updateTable('campaigns')
      .set({ recorded_at: ctx.clock.now(), audience_size: recorded.recorded, updated_at: ctx.clock.now() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/**
 * How many rows the campaign's own rate lets go now, or when it lets one go again. `inFlight`: rows claimed and
 * not yet closed, counted as sent.
 */
async function rateRoom(
  ctx: JobContext,
  row: CampaignRow,
  inFlight: number,
): Promise<{ room: number; until: Date | null }> {
  const rate = row.send_rate_per_minute;
  if (!rate) return { room: BATCH, until: null };
  const now = ctx.clock.now().getTime();
  const recent = (await campaignSentSince(ctx.db, row.id, new Date(now - 60_000))) + inFlight;
  const room = Math.min(BATCH, rate - recent);
  return room > 0 ? { room, until: null } : { room: 0, until: new Date(now + Math.ceil(60_000 / rate)) };
}

/** When the job should run again (null: it is done, or waits for a person — resume, a manual winner). */
async function nextWake(ctx: JobContext, row: CampaignRow): Promise<Date | null> {
  if (row.cancelled_at || row.paused_at) return null;
  const progress = progressOf(await campaignMessageCounts(ctx.db, row.program_id, row.id));
  if (progress.queued + progress.sending + progress.deferred === 0) return null;
  const times = [await nextCampaignMessageDue(ctx.db, row.id), winnerDueAt(row)].filter(
    (t): t is Date => t !== null,
  );
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

export async function runCampaign(ctx: JobContext, deps: SendDeps, job: Job): Promise<void> {
  const programId = job.programId!;
  const campaignId = String(job.payload.campaignId);
  let row = await campaignRow(ctx.db, programId, campaignId);
  if (row.cancelled_at || !row.launched_at) return;
  if (!row.recorded_at) row = await recordAudience(ctx, deps, row);
  const run = await prepareRun(ctx, row, await campaignSender(ctx, programId, row.channel));
  let wake: Date | null = null;
  // One batch is sent while the next is claimed and loaded, so the connections never wait for the database.
  let inFlight: { rows: number; result: Promise<BatchResult> } | null = null;
  const settle = async () => {
    if (!inFlight) return null;
    const { backoffUntil } = await inFlight.result;
    inFlight = null;
    return backoffUntil;
  };
  let resuming = true;
  try {
    for (;;) {
      row = await campaignRow(ctx.db, programId, campaignId);
      if (row.cancelled_at || row.paused_at) {
        await settle();
        return;
      }
      row = await pickAutomaticWinner(ctx, row);
      run.row = row;
      await extendJobLease(ctx.db, ctx.clock, job.id);
      const rate = await rateRoom(ctx, row, inFlight?.rows ?? 0);
      if (rate.until) {
        wake = rate.until;
        break;
      }
      const tokens = await run.sender.reserve(rate.room);
      if (tokens.granted === 0) {
        wake = tokens.retryAt;
        break;
      }
      // Rows a crashed run left in flight are taken up first, batch after batch, with nothing else in flight
      // (the in-flight rows look the same as the crashed run's).
      let backoff: Date | null = resuming ? await settle() : null;
      const batch: ClaimedBatch | null = backoff ? null : await claimBatch(run, tokens.granted, resuming);
      const overlapped = inFlight !== null;
      backoff ??= await settle();
      if (backoff) {
        // The provider refused the batch before: this one waits with the campaign, untried.
        if (batch) await deliverBatch(run, batch, backoff);
        wake = backoff;
        break;
      }
      resuming = batch!.claimed.some((m) => m.resumed);
      if (batch!.claimed.length + batch!.held === 0) {
        // The last batch has just closed: the loop's head looks again (the A/B test done, a winner due).
        if (overlapped) continue;
        break;
      }
      inFlight = { rows: batch!.claimed.length, result: deliverBatch(run, batch!) };
    }
    wake = (await settle()) ?? wake;
  } finally {
    // A failure while a batch was in flight: let it close its rows before the job fails.
    await (inFlight as { result: Promise<BatchResult> } | null)?.result.catch(() => undefined);
  }
  wake ??= await nextWake(ctx, row);
  if (wake) throw new JobDeferred(wake, `campaign ${campaignId} waits`);
}

export const campaignJobsWith = (deps: SendDeps): JobModule => ({
  handlers: { [SEND_JOB]: (job, ctx) => runCampaign(ctx, deps, job) },
});
