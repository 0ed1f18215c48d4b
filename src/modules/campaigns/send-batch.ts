// One batch of a campaign: claim due rows (the contact-pressure policy deciding, in the claim's transaction,
// which wait or are dropped), render each member's message from its variant, hand it to messaging's send path
// a few at a time, and close the rows with their outcomes as they come back — in small groups, so that a crash
// leaves at most the messages in flight without their outcome.
import type { JobContext } from '../../platform/jobs/index.ts';
import { retryDelayMs } from '../../platform/jobs/index.ts';
import { decideContacts } from '../contact-policy/index.ts';
import { memberLinks } from '../membership/index.ts';
import { membersByIds } from '../members/index.ts';
import {
  claimCampaignMessages,
  getTemplate,
  membersForRender,
  programFacts,
  recordCampaignOutcomes,
  renderForMember,
  type CampaignHold,
  type CampaignOutcome,
  type CampaignSender,
  type ClaimedCampaignMessage,
  type MessageTemplate,
  type RenderMember,
} from '../messaging/index.ts';
import type { CampaignRow } from './service.ts';
import type { CampaignVariant } from './tables.ts';

/** Transient refusals a row survives before it fails for good (each waits longer: 2 s, 4 s … 1 h). */
export const MAX_SEND_ATTEMPTS = 12;
/** Outcomes closed together; fewer when the batch ends or the group has waited FLUSH_MS. */
const FLUSH_SIZE = 50;
const FLUSH_MS = 20;

export const sendSlot = (campaignId: string) => `campaign:${campaignId}`;

export interface CampaignRun {
  ctx: JobContext;
  row: CampaignRow;
  sender: CampaignSender;
  templates: Map<string, MessageTemplate>;
  variants: Map<string, CampaignVariant>;
  facts: Awaited<ReturnType<typeof programFacts>>;
  publicUrl: string;
  concurrency: number;
}

export async function prepareRun(
  ctx: JobContext,
  row: CampaignRow,
  sender: CampaignSender,
): Promise<CampaignRun> {
  const templates = new Map<string, MessageTemplate>();
  for (const v of row.variants) templates.set(v.key, await getTemplate(ctx.db, row.program_id, v.templateId));
  return {
    ctx,
    row,
    sender,
    templates,
    variants: new Map(row.variants.map((v) => [v.key, v])),
    facts: await programFacts(ctx.db, row.program_id),
    publicUrl: (ctx.config.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    concurrency: sender.parallel,
  };
}

/** The contact-pressure policy's answer for due rows, as holds for the claim. */
function policyHold(run: CampaignRun) {
  return async (trx: JobContext['db'], due: readonly { id: string; memberId: string }[]) => {
    const { row } = run;
    const members = await membersByIds(
      trx,
      row.program_id,
      due.map((d) => d.memberId),
    );
    const decisions = await decideContacts(
      trx,
      run.ctx.clock,
      row.program_id,
      due.map((d) => ({
        memberId: d.memberId,
        channel: row.channel,
        purpose: 'marketing' as const,
        timeZone: members.get(d.memberId)?.timeZone ?? null,
      })),
      { onExceed: row.on_exceed },
    );
    const holds = new Map<string, CampaignHold>();
    for (const d of due) {
      if (!members.has(d.memberId)) {
        holds.set(d.id, { status: 'skipped', reason: 'member_inactive' });
        continue;
      }
      const decision = decisions.get(d.memberId)!;
      if (decision.kind === 'defer') {
        holds.set(d.id, { status: 'deferred', reason: decision.reason, until: decision.until });
      } else if (decision.kind === 'drop') {
        holds.set(d.id, { status: 'skipped', reason: decision.reason });
      }
    }
    return holds;
  };
}

/** What a batch loads once for all its rows: each member as templates see them, and who is suppressed now. */
interface BatchLoads {
  members: Map<string, RenderMember>;
  blocked: (address: string) => boolean;
}

async function loadBatch(run: CampaignRun, claimed: readonly ClaimedCampaignMessage[]): Promise<BatchLoads> {
  const { ctx, row } = run;
  const wanted = claimed.map((m) => ({
    memberId: m.memberId,
    locale: (m.locale ?? run.templates.get(m.variant)!.defaultLocale) as RenderMember['locale'],
  }));
  const [members, blocked] = await Promise.all([
    membersForRender(ctx.db, ctx.clock, row.program_id, wanted, run.facts.timeZone),
    run.sender.blockedAmong(claimed.map((m) => m.to)),
  ]);
  return { members, blocked };
}

async function render(run: CampaignRun, message: ClaimedCampaignMessage, member: RenderMember) {
  const { ctx, row } = run;
  const template = run.templates.get(message.variant)!;
  const variant = run.variants.get(message.variant)!;
  const links = await memberLinks(
    { db: ctx.db, clock: ctx.clock, config: { publicUrl: run.publicUrl, secret: ctx.config.secret } },
    row.program_id,
    message.memberId,
  );
  const rendered = await renderForMember({
    template,
    facts: run.facts,
    member,
    links: {
      portal: `${run.publicUrl}/portal`,
      unsubscribe: links.unsubscribeUrl,
      preferences: links.preferencesUrl,
    },
  });
  return {
    id: message.id,
    to: message.to,
    locale: rendered.locale,
    subject: variant.subject ?? rendered.subject,
    text: rendered.text ?? '',
    html: rendered.html,
    unsubscribeUrl: links.unsubscribeUrl,
    fromName: variant.fromName,
    fromAddress: variant.fromAddress,
  };
}

async function sendOne(
  run: CampaignRun,
  loads: BatchLoads,
  message: ClaimedCampaignMessage,
): Promise<CampaignOutcome> {
  // Suppressed since the rows were recorded (a bounce or an unsubscribe in between): still not sent.
  if (loads.blocked(message.to)) return { status: 'suppressed', reason: 'suppressed' };
  // Deleted or erased since it was claimed.
  const member = loads.members.get(message.memberId);
  if (!member) return { status: 'skipped', reason: 'member_inactive' };
  let delivery;
  try {
    delivery = await render(run, message, member);
  } catch (error) {
    return {
      status: 'failed',
      reason: 'render_error',
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const result = await run.sender.deliver(delivery);
  if (result.status !== 'transient') return result;
  if (message.attempts >= MAX_SEND_ATTEMPTS) {
    return { status: 'failed', reason: 'provider_unavailable', error: result.error };
  }
  const until = new Date(run.ctx.clock.now().getTime() + retryDelayMs(message.attempts));
  return { status: 'deferred', reason: 'provider_backoff', until, error: result.error };
}

export interface BatchResult {
  claimed: number;
  /** Due rows the policy deferred or dropped instead. */
  held: number;
  /** The provider refused for now: when to try again (the campaign backs off as a whole). */
  backoffUntil: Date | null;
}

/** A claimed batch with what it needs loaded, ready to send. */
export interface ClaimedBatch {
  claimed: ClaimedCampaignMessage[];
  /** Due rows the policy deferred or dropped instead. */
  held: number;
  loads: BatchLoads | null;
}

/**
 * Claims up to `limit` rows (the policy holding back what it must) and loads what rendering them needs.
 * `resume`: take up first what this slot left in flight (the run's first claim only).
 */
export async function claimBatch(run: CampaignRun, limit: number, resume: boolean): Promise<ClaimedBatch> {
  const { ctx, row } = run;
  const decide = policyHold(run);
  let held = 0;
  const claimed = await claimCampaignMessages(ctx.db, ctx.clock, {
    campaignId: row.id,
    slot: sendSlot(row.id),
    limit,
    resume,
    hold: async (trx, due) => {
      const holds = await decide(trx, due);
      held += holds.size;
      return holds;
    },
  });
  const loads = claimed.length ? await loadBatch(run, claimed) : null;
  return { claimed, held, loads };
}

/**
 * Sends a claimed batch and closes its rows. `backoffUntil` given (the provider refused the batch before):
 * none is tried, every row waits with the campaign until then.
 */
export async function deliverBatch(
  run: CampaignRun,
  batch: ClaimedBatch,
  backoffUntil: Date | null = null,
): Promise<BatchResult> {
  const { ctx, row } = run;
  const { claimed, held, loads } = batch;
  if (!loads) return { claimed: 0, held, backoffUntil: null };
  let buffer: { id: string; outcome: CampaignOutcome }[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const group = buffer;
    buffer = [];
    if (group.length) {
      writing = writing.then(() => recordCampaignOutcomes(ctx.db, ctx.clock, row.program_id, group));
    }
    return writing;
  };
  let next = 0;
  const lane = async () => {
    while (next < claimed.length) {
      const message = claimed[next++]!;
      // After a transient refusal the rest of the batch is not tried: it waits with the campaign.
      const outcome: CampaignOutcome = backoffUntil
        ? { status: 'deferred', reason: 'provider_backoff', until: backoffUntil }
        : await sendOne(run, loads, message);
      if (outcome.status === 'deferred' && outcome.reason === 'provider_backoff') {
        backoffUntil ??= outcome.until;
      }
      buffer.push({ id: message.id, outcome });
      if (buffer.length >= FLUSH_SIZE) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_MS);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(run.concurrency, claimed.length) }, lane));
  } finally {
    await flush();
  }
  return { claimed: claimed.length, held, backoffUntil };
}
