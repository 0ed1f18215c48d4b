// A campaign's results: the statistics of stats/report.ts on the counts of results-queries.ts, the click map,
// and the charts' series in the program's zone. Reads only; nothing is stored.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { campaignMessageCounts } from '../messaging/index.ts';
import { getProgram } from '../programs/index.ts';
import {
  campaignGroupCounts,
  campaignLinkClicks,
  campaignSeriesRows,
  resultsWindowOf,
  type LinkClicks,
} from './results-queries.ts';
import { getCampaign, type Campaign } from './service.ts';
import { campaignStatistics, type CampaignStatistics } from './stats/report.ts';
import {
  bucketLabels,
  defaultBucketSize,
  denseSeries,
  type BucketSize,
  type SeriesPoint,
} from './stats/series.ts';

export interface CampaignResults extends CampaignStatistics {
  campaignId: string;
  state: Campaign['state'];
  /** Until when the facts were counted (now). */
  computedAt: Date;
  links: LinkClicks[];
}

async function resultsWindow(db: Db, clock: Clock, campaign: Campaign) {
  const program = await getProgram(db, campaign.programId);
  const window = resultsWindowOf(campaign, campaign.recordedAt, program.currency, clock.now());
  return { window, program, recorded: campaign.recordedAt !== null };
}

export async function getCampaignResults(
  db: Db,
  clock: Clock,
  programId: string,
  campaignId: string,
  options: { confidence: number },
): Promise<CampaignResults> {
  const campaign = await getCampaign(db, programId, campaignId);
  const { window, program, recorded } = await resultsWindow(db, clock, campaign);
  const [groups, accountingRows, links] = recorded
    ? await Promise.all([
        campaignGroupCounts(db, window),
        campaignMessageCounts(db, programId, campaignId),
        campaignLinkClicks(db, window),
      ])
    : [[], [], []];
  return {
    campaignId,
    state: campaign.state,
    computedAt: clock.now(),
    ...campaignStatistics({
      variantKeys: campaign.variants.map((v) => v.key),
      winnerMetric: campaign.abTest?.metric ?? null,
      attributionDays: campaign.attributionDays,
      currency: program.currency,
      groups,
      accountingRows,
      confidence: options.confidence,
    }),
    links,
  };
}

export interface CampaignSeries {
  bucket: BucketSize;
  timeZone: string;
  from: Date | null;
  until: Date;
  series: { group: string; points: (SeriesPoint & { bucket: string })[] }[];
}

export async function getCampaignSeries(
  db: Db,
  clock: Clock,
  programId: string,
  campaignId: string,
  options: { bucket?: BucketSize | undefined },
): Promise<CampaignSeries> {
  const campaign = await getCampaign(db, programId, campaignId);
  const { window, program, recorded } = await resultsWindow(db, clock, campaign);
  const until = clock.now();
  const groups = campaign.variants.map((v) => v.key);
  if (!recorded) {
    return { bucket: options.bucket ?? 'hour', timeZone: program.timeZone, from: null, until, series: [] };
  }
  const bucket = options.bucket ?? defaultBucketSize(window.from, until);
  const rows = await campaignSeriesRows(db, { ...window, timeZone: program.timeZone, bucket });
  for (const r of rows) if (!groups.includes(r.group)) groups.push(r.group);
  const labels = bucketLabels(window.from, until, bucket, program.timeZone);
  return {
    bucket,
    timeZone: program.timeZone,
    from: window.from,
    until,
    series: denseSeries(labels, groups, rows),
  };
}
