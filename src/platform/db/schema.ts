// The database as Kysely sees it: each module declares its own tables in its tables.ts.
import type { ImportsTables } from '../../modules/imports/tables.ts';
import type { LoyaltyTables } from '../../modules/loyalty/tables.ts';
import type { IngestTables } from '../../modules/ingest/tables.ts';
import type { MembersTables } from '../../modules/members/tables.ts';
import type { MembershipTables } from '../../modules/membership/tables.ts';
import type { MessagingTables } from '../../modules/messaging/tables.ts';
import type { PortalTables } from '../../modules/portal/tables.ts';
import type { RewardsTables } from '../../modules/rewards/tables.ts';
import type { SegmentsTables } from '../../modules/segments/tables.ts';
import type { JobTables } from '../jobs/tables.ts';
import type { PlatformTables } from './platform-tables.ts';

export interface DB
  extends
    PlatformTables,
    JobTables,
    MembersTables,
    MessagingTables,
    MembershipTables,
    IngestTables,
    ImportsTables,
    LoyaltyTables,
    PortalTables,
    RewardsTables,
    SegmentsTables {}
