// A campaign's engagement per A/B variant so far — what its automatic winner is picked on: messages that reached
// the provider and were not bounced, and of those how many a person opened or clicked (machine fetches by mail
// privacy proxies and link scanners do not count; a click implies an open).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface VariantEngagement {
  variant: string;
  delivered: number;
  opened: number;
  clicked: number;
}

export async function campaignVariantEngagement(
  db: Db,
  programId: string,
  campaignId: string,
): Promise<VariantEngagement[]> {
  const result = await sql<{ variant: string; delivered: string; opened: string; clicked: string }>`
    select m.variant,
      count(*) as delivered,
      count(*) filter (where exists (select 1 from message_opens o where o.message_id = m.id and not o.machine)
        or exists (select 1 from message_clicks c where c.message_id = m.id and not c.machine)) as opened,
      count(*) filter (where exists (select 1 from message_clicks c where c.message_id = m.id and not c.machine))
        as clicked
    from messages m
    where m.program_id = ${programId} and m.campaign_id = ${campaignId} and m.variant is not null
      and m.status in ('sent', 'outbox', 'delivered', 'complained')
    group by m.variant`.execute(db);
  return result.rows.map((r) => ({
    variant: r.variant,
    delivered: Number(r.delivered),
    opened: Number(r.opened),
    clicked: Number(r.clicked),
  }));
}
