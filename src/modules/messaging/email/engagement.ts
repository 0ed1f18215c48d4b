// The program's tracking switches, and opens and clicks as they are recorded: per message, with the machine
// ones flagged (machine-opens.ts) so that unique opens count people.
import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/database.ts';
import { machineReason } from './machine-opens.ts';
import type { TrackingToken } from './tracking.ts';

export interface TrackingSettings {
  trackOpens: boolean;
  trackClicks: boolean;
}

export async function trackingSettings(db: Db, programId: string): Promise<TrackingSettings> {
  const row = await db
    .selectFrom('email_settings')
    .select(['track_opens', 'track_clicks'])
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return { trackOpens: row?.track_opens ?? false, trackClicks: row?.track_clicks ?? false };
}

export async function saveTrackingSettings(
  db: Db,
  clock: Clock,
  programId: string,
  settings: TrackingSettings,
): Promise<TrackingSettings> {
  const values = {
    track_opens: settings.trackOpens,
    track_clicks: settings.trackClicks,
    updated_at: clock.now(),
  };
  await db
    .insertInto('email_settings')
    .values({ program_id: programId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
  return settings;
}

export interface Fetch {
  userAgent: string | undefined;
  ip: string | undefined;
}

/** Records an open or a click; returns false when the message no longer exists (nothing recorded). */
export async function recordEngagement(
  db: Db,
  clock: Clock,
  token: TrackingToken,
  fetch: Fetch,
): Promise<boolean> {
  const message = await db
    .selectFrom('messages')
    .select(['program_id', 'sent_at'])
    .where('id', '=', token.messageId)
    .executeTakeFirst();
  if (!message) return false;
  const at = clock.now();
  const reason = machineReason({ ...fetch, sentAt: message.sent_at, at });
  if (token.kind === 'open') {
    await db
      .insertInto('message_opens')
      .values({
        program_id: message.program_id,
        message_id: token.messageId,
        at,
        machine: reason !== null,
        machine_reason: reason,
      })
      .execute();
  } else {
    await db
      .insertInto('message_clicks')
      .values({
        program_id: message.program_id,
        message_id: token.messageId,
        link_index: token.index,
        url: token.url,
        at,
        machine: reason !== null,
      })
      .execute();
  }
  return true;
}

export interface MessageEngagement {
  opens: number;
  machineOpens: number;
  /** A person opened it (a human open, or a human click, which implies one). */
  opened: boolean;
  firstOpenedAt: Date | null;
  clicks: { linkIndex: number; url: string; clicks: number; machineClicks: number }[];
}

export async function messageEngagement(
  db: Db,
  programId: string,
  messageId: string,
): Promise<MessageEngagement> {
  const opens = await db
    .selectFrom('message_opens')
    .select(['at', 'machine'])
    .where('program_id', '=', programId)
    .where('message_id', '=', messageId)
    .orderBy('at')
    .execute();
  const clicks = await db
    .selectFrom('message_clicks')
    .select(['link_index', 'url', 'machine'])
    .where('program_id', '=', programId)
    .where('message_id', '=', messageId)
    .orderBy('link_index')
    .execute();
  const byLink = new Map<number, MessageEngagement['clicks'][number]>();
  for (const c of clicks) {
    const link = byLink.get(c.link_index) ?? {
      linkIndex: c.link_index,
      url: c.url,
      clicks: 0,
      machineClicks: 0,
    };
    if (c.machine) link.machineClicks++;
    else link.clicks++;
    byLink.set(c.link_index, link);
  }
  const human = opens.filter((o) => !o.machine);
  return {
    opens: human.length,
    machineOpens: opens.length - human.length,
    opened: human.length > 0 || clicks.some((c) => !c.machine),
    firstOpenedAt: human[0]?.at ?? null,
    clicks: [...byLink.values()],
  };
}
