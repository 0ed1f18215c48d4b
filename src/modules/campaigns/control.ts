// What a person does to a campaign once it exists: launch it, pause, resume, cancel, pick the A/B winner. Each
// changes a control fact under the campaign's row lock and wakes the send job; what the campaign is doing
// follows from its rows (state.ts), so each action is allowed from the states listed beside it.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { wakeJob } from '../../platform/jobs/index.ts';
import { campaignMessageCounts, skipCampaignMessages } from '../messaging/index.ts';
import { enqueueSendJob, sendJobKey } from './sending.ts';
import { campaignRow, campaignView, type Campaign, type CampaignRow } from './service.ts';
import { progressOf, type CampaignState } from './state.ts';
import { applyWinner } from './winner-pick.ts';

export type CampaignAction = 'launch' | 'pause' | 'resume' | 'cancel' | 'winner';

/** The states each action may be taken from. */
export const ALLOWED: Record<CampaignAction, readonly CampaignState[]> = {
  launch: ['draft'],
  pause: ['scheduled', 'sending', 'awaiting_winner'],
  resume: ['paused'],
  cancel: ['scheduled', 'sending', 'paused', 'awaiting_winner'],
  winner: ['scheduled', 'sending', 'paused', 'awaiting_winner'],
};

async function stateOf(db: Db, row: CampaignRow): Promise<CampaignState> {
  const progress = progressOf(await campaignMessageCounts(db, row.program_id, row.id));
  return campaignView(row, progress).state;
}

function refuse(row: CampaignRow, action: CampaignAction, state: CampaignState): AppError {
  return new AppError(
    'invalid_campaign_state',
    409,
    `A campaign that is ${state.replace('_', ' ')} cannot be asked to ${action}`,
    { campaignId: row.id, state, action, allowedFrom: ALLOWED[action] },
  );
}

async function view(db: Db, row: CampaignRow): Promise<Campaign> {
  return campaignView(row, progressOf(await campaignMessageCounts(db, row.program_id, row.id)));
}

async function guarded(
  db: Db,
  programId: string,
  campaignId: string,
  action: CampaignAction,
  change: (trx: Db, row: CampaignRow) => Promise<CampaignRow>,
): Promise<Campaign> {
  const row = await db.transaction().execute(async (trx) => {
    const locked = await campaignRow(trx, programId, campaignId, true);
    const state = await stateOf(trx, locked);
    if (!ALLOWED[action].includes(state)) throw refuse(locked, action, state);
    return change(trx, locked);
  });
  return view(db, row);
}

/** Starts the campaign now or at its schedule: the send job records the rows, then sends. */
export function launchCampaign(
  db: Db,
  clock: Clock,
  input: { programId: string; campaignId: string; actor: string },
): Promise<Campaign> {
  return guarded(db, input.programId, input.campaignId, 'launch', async (trx, row) => {
    const now = clock.now();
    const updated = await trx
      .updateTable('campaigns')
      .set({ launched_at: now, launched_by: input.actor, updated_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const at = row.schedule.kind === 'at' ? new Date(row.schedule.at) : undefined;
    await enqueueSendJob(trx, clock, updated, at && at > now ? at : undefined);
    return updated;
  });
}

/** No new row is claimed; rows in flight finish. */
export function pauseCampaign(db: Db, clock: Clock, programId: string, campaignId: string) {
  return guarded(db, programId, campaignId, 'pause', (trx, row) =>
    trx
      .updateTable('campaigns')
      .set({ paused_at: clock.now(), updated_at: clock.now() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export function resumeCampaign(db: Db, clock: Clock, programId: string, campaignId: string) {
  return guarded(db, programId, campaignId, 'resume', async (trx, row) => {
    const updated = await trx
      .updateTable('campaigns')
      .set({ paused_at: null, updated_at: clock.now() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueueSendJob(trx, clock, updated);
    await wakeJob(trx, clock, sendJobKey(row.id));
    return updated;
  });
}

/** Every row not yet sent becomes skipped with reason `cancelled`; rows in flight finish as they will. */
export function cancelCampaign(db: Db, clock: Clock, programId: string, campaignId: string) {
  return guarded(db, programId, campaignId, 'cancel', async (trx, row) => {
    const updated = await trx
      .updateTable('campaigns')
      .set({ cancelled_at: clock.now(), updated_at: clock.now() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await skipCampaignMessages(trx, clock, programId, row.id, 'cancelled');
    return updated;
  });
}

/** The winner picked by hand: the rest of the audience gets this variant. */
export async function pickCampaignWinner(
  db: Db,
  clock: Clock,
  input: { programId: string; campaignId: string; variant: string },
): Promise<Campaign> {
  const row = await campaignRow(db, input.programId, input.campaignId);
  if (row.variants.length < 2) {
    throw new AppError('invalid_ab_test', 400, 'The campaign has one variant: there is no winner to pick', {
      field: 'variant',
    });
  }
  const state = await stateOf(db, row);
  if (!ALLOWED.winner.includes(state)) throw refuse(row, 'winner', state);
  const updated = await applyWinner(db, clock, row, { variant: input.variant, source: 'manual' });
  await enqueueSendJob(db, clock, updated);
  await wakeJob(db, clock, sendJobKey(row.id));
  return view(db, updated);
}
