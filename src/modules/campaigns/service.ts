// Campaign drafts: create, read, change and delete while nothing has been sent; the view carries the state and
// progress derived from the campaign's message rows.
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/schemas.ts';
import { campaignMessageCounts, getTemplate } from '../messaging/index.ts';
import { checkAudience } from './audience.ts';
import type { CampaignInputBody, CampaignPatchBody } from './schemas.ts';
import { campaignState, progressOf, type CampaignState, type Progress } from './state.ts';
import type {
  CampaignAudience,
  CampaignChannel,
  CampaignSchedule,
  CampaignsTable,
  CampaignVariant,
  OnExceed,
  WinnerMetric,
} from './tables.ts';

export const VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;

export interface Campaign {
  id: string;
  programId: string;
  name: string;
  channel: CampaignChannel;
  purpose: 'marketing';
  audience: CampaignAudience;
  variants: CampaignVariant[];
  abTest: { testPercent: number; metric: WinnerMetric; winnerDelayMinutes: number | null } | null;
  holdoutPercent: number;
  attributionDays: number;
  onExceed: OnExceed;
  schedule: CampaignSchedule;
  sendRatePerMinute: number | null;
  state: CampaignState;
  progress: Progress;
  winner: { variant: string; source: 'auto' | 'manual'; pickedAt: Date } | null;
  launchedAt: Date | null;
  recordedAt: Date | null;
  testDoneAt: Date | null;
  pausedAt: Date | null;
  cancelledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type CampaignRow = Selectable<CampaignsTable>;

export function campaignView(row: CampaignRow, progress: Progress): Campaign {
  const control = {
    launchedAt: row.launched_at,
    recordedAt: row.recorded_at,
    pausedAt: row.paused_at,
    cancelledAt: row.cancelled_at,
    winnerVariant: row.winner_variant,
  };
  return {
    id: row.id,
    programId: row.program_id,
    name: row.name,
    channel: row.channel,
    purpose: 'marketing',
    audience: row.audience,
    variants: row.variants,
    abTest:
      row.variants.length > 1
        ? {
            testPercent: row.test_share_bp / 100,
            metric: row.winner_metric,
            winnerDelayMinutes: row.winner_delay_minutes,
          }
        : null,
    holdoutPercent: row.holdout_bp / 100,
    attributionDays: row.attribution_days,
    onExceed: row.on_exceed,
    schedule: row.schedule,
    sendRatePerMinute: row.send_rate_per_minute,
    state: campaignState(control, progress),
    progress,
    winner:
      row.winner_variant && row.winner_picked_at
        ? {
            variant: row.winner_variant,
            source: row.winner_source ?? 'manual',
            pickedAt: row.winner_picked_at,
          }
        : null,
    launchedAt: row.launched_at,
    recordedAt: row.recorded_at,
    testDoneAt: row.test_done_at,
    pausedAt: row.paused_at,
    cancelledAt: row.cancelled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function campaignRow(db: Db, programId: string, campaignId: string, lock = false) {
  let q = db
    .selectFrom('campaigns')
    .selectAll()
    .where('program_id', '=', programId)
    .where('id', '=', campaignId)
    .where('deleted_at', 'is', null);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('campaign', campaignId);
  return row;
}

export async function getCampaign(db: Db, programId: string, campaignId: string): Promise<Campaign> {
  const row = await campaignRow(db, programId, campaignId);
  return campaignView(row, progressOf(await campaignMessageCounts(db, programId, campaignId)));
}

const audienceOf = (a: CampaignInputBody['audience']): CampaignAudience => ({
  lists: a.lists ?? [],
  segments: a.segments ?? [],
  excludeLists: a.excludeLists ?? [],
  excludeSegments: a.excludeSegments ?? [],
});

type Settings = Omit<CampaignInputBody, 'audience'> & { audience: CampaignAudience };

/** Checks what the database must confirm: templates of the right channel, lists and segments of the program. */
async function checkSettings(db: Db, programId: string, s: Settings): Promise<void> {
  await checkAudience(db, programId, s.audience);
  for (const [i, v] of s.variants.entries()) {
    const template = await getTemplate(db, programId, v.templateId);
    if (template.channel !== s.channel || template.purpose !== 'marketing') {
      throw new AppError(
        'invalid_campaign_template',
        400,
        `Variant ${VARIANT_KEYS[i]}: the template is for ${template.channel} ${template.purpose} messages; ` +
          `this campaign sends ${s.channel} marketing`,
        { field: `variants/${i}/templateId`, templateId: v.templateId },
      );
    }
  }
  if (s.variants.length > 1 && !s.abTest) {
    throw new AppError('invalid_ab_test', 400, 'Two or more variants need an A/B test (abTest)', {
      field: 'abTest',
    });
  }
  if (s.channel === 'sms' && s.variants.some((v) => v.subject || v.fromName || v.fromAddress)) {
    throw new AppError('invalid_ab_test', 400, 'An SMS has no subject or sender to vary', {
      field: 'variants',
    });
  }
  const holdout = s.holdoutPercent ?? 0;
  if (s.abTest && s.abTest.testPercent + holdout > 100) {
    throw new AppError('invalid_ab_test', 400, 'The test share and the holdout share exceed the audience', {
      field: 'abTest/testPercent',
    });
  }
  if (s.schedule?.kind === 'at' && Number.isNaN(Date.parse(String(s.schedule.at)))) {
    throw new AppError('invalid_schedule', 400, 'The schedule time is not a date-time', {
      field: 'schedule/at',
    });
  }
}

function rowValues(s: Settings) {
  return {
    name: s.name.trim(),
    channel: s.channel,
    audience: JSON.stringify(s.audience),
    variants: JSON.stringify(
      s.variants.map((v, i): CampaignVariant => ({
        key: VARIANT_KEYS[i]!,
        templateId: v.templateId,
        subject: v.subject ?? null,
        fromName: v.fromName ?? null,
        fromAddress: v.fromAddress ?? null,
      })),
    ),
    test_share_bp: s.variants.length > 1 ? (s.abTest?.testPercent ?? 0) * 100 : 0,
    winner_metric: s.abTest?.metric ?? 'open',
    winner_delay_minutes: s.abTest ? s.abTest.winnerDelayMinutes : null,
    holdout_bp: (s.holdoutPercent ?? 0) * 100,
    attribution_days: s.attributionDays ?? 5,
    on_exceed: s.onExceed ?? 'defer',
    schedule: JSON.stringify(s.schedule ?? { kind: 'now' }),
    send_rate_per_minute: s.sendRatePerMinute ?? null,
  };
}

export async function createCampaign(
  db: Db,
  clock: Clock,
  programId: string,
  input: CampaignInputBody,
): Promise<Campaign> {
  const settings = { ...input, audience: audienceOf(input.audience) };
  await checkSettings(db, programId, settings);
  const now = clock.now();
  const row = await db
    .insertInto('campaigns')
    .values({ program_id: programId, ...rowValues(settings), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return campaignView(row, progressOf([]));
}

const inputOf = (row: CampaignRow): CampaignInputBody => {
  const view = campaignView(row, progressOf([]));
  return {
    name: view.name,
    channel: view.channel,
    audience: view.audience,
    variants: view.variants.map((v) => ({
      templateId: v.templateId,
      subject: v.subject,
      fromName: v.fromName,
      fromAddress: v.fromAddress,
    })),
    abTest: view.abTest,
    holdoutPercent: view.holdoutPercent,
    attributionDays: view.attributionDays,
    onExceed: view.onExceed,
    schedule: view.schedule,
    sendRatePerMinute: view.sendRatePerMinute,
  };
};

export const notDraft = (row: CampaignRow) =>
  new AppError('campaign_not_draft', 409, 'The campaign has been launched; only a draft can be changed', {
    campaignId: row.id,
  });

export async function updateCampaign(
  db: Db,
  clock: Clock,
  programId: string,
  campaignId: string,
  patch: CampaignPatchBody,
): Promise<Campaign> {
  const row = await campaignRow(db, programId, campaignId, true);
  if (row.launched_at) throw notDraft(row);
  const merged = { ...inputOf(row), ...patch };
  const settings = { ...merged, audience: audienceOf(merged.audience) };
  await checkSettings(db, programId, settings);
  const updated = await db
    .updateTable('campaigns')
    .set({ ...rowValues(settings), updated_at: clock.now() })
    .where('id', '=', campaignId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return campaignView(updated, progressOf([]));
}

export async function deleteCampaign(db: Db, clock: Clock, programId: string, campaignId: string) {
  const row = await campaignRow(db, programId, campaignId, true);
  if (row.launched_at) throw notDraft(row);
  await db.updateTable('campaigns').set({ deleted_at: clock.now() }).where('id', '=', campaignId).execute();
}

export async function listCampaigns(db: Db, programId: string, page: { limit: number; cursor?: string }) {
  let q = db
    .selectFrom('campaigns')
    .selectAll()
    .where('program_id', '=', programId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (page.cursor !== undefined) {
    const c = decodeCursor(page.cursor);
    if (!c) throw new AppError('invalid_cursor', 400, 'The cursor is not one this API returned');
    q = q.where(sql<boolean>`(created_at, id) < (${c.createdAt}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await q.execute();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const views: Campaign[] = [];
  for (const row of items) {
    views.push(campaignView(row, progressOf(await campaignMessageCounts(db, programId, row.id))));
  }
  return {
    items: views,
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
