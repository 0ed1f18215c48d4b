// The campaigns module: broadcasts to lists and segments with A/B variants, sent through messaging's campaign
// rows (docs/campaigns.md). Its public surface: the manifest and the read functions other modules may show.
import { defineModule, migrationsBeside } from '../../platform/module.ts';
import type { SegmentFieldRegistry } from '../segments/index.ts';
import { campaignResultsRoutes } from './results-routes.ts';
import { campaignControlRoutes } from './control-routes.ts';
import { campaignRoutes } from './routes.ts';
import { seedDemoCampaign } from './demo-seed.ts';
import { campaignJobsWith } from './sending.ts';

export interface CampaignsOptions {
  /** The segments module's field registry (with every contributed field), to compile segment audiences. */
  fields: SegmentFieldRegistry;
}

export const campaignsModuleWith = (options: CampaignsOptions) =>
  defineModule({
    name: 'campaigns',
    routes: [
      (app) => campaignRoutes(app, { fields: options.fields }),
      campaignResultsRoutes,
      campaignControlRoutes,
    ],
    jobs: campaignJobsWith({ fields: options.fields }),
    permissions: ['messaging:read', 'messaging:write'],
    migrations: migrationsBeside(import.meta.url),
    demoSeed: (ctx) => seedDemoCampaign({ fields: options.fields }, ctx),
  });

export { getCampaign, listCampaigns, type Campaign } from './service.ts';
export { DEMO_CAMPAIGN_NAME } from './demo-seed.ts';
export {
  cancelCampaign,
  launchCampaign,
  pauseCampaign,
  pickCampaignWinner,
  resumeCampaign,
} from './control.ts';
export { campaignAccounting, memberCampaignHistory } from './accounting.ts';
export { SEND_JOB as CAMPAIGN_SEND_JOB } from './sending.ts';
export { campaignState, progressOf, isBalanced, type CampaignState, type Progress } from './state.ts';
export type { CampaignAudience, CampaignSchedule, CampaignVariant, WinnerMetric } from './tables.ts';
