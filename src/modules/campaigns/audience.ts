// The audience: members in any chosen list or segment, minus those in an excluded one, as one SQL query built
// from the segments module's compiled rules (lists are the `list.subscribed` field, consent `consent.granted`).
// Unconsented members stay in the audience with the reason they will not be sent to, so the accounting
// covers everyone the campaign was aimed at and each member's "why not sent" names it.
import { sql, type RawBuilder } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { assertListsExist } from '../membership/index.ts';
import { getProgram } from '../programs/index.ts';
import {
  compileSegmentRule,
  getSegment,
  type RuleNode,
  type SegmentFieldRegistry,
} from '../segments/index.ts';
import type { CampaignAudience, CampaignChannel } from './tables.ts';

export interface AudienceDeps {
  db: Db;
  clock: Clock;
  fields: SegmentFieldRegistry;
}

const listRule = (lists: string[]): RuleNode => ({
  type: 'condition',
  field: 'list.subscribed',
  op: 'includes_any',
  value: lists,
});

/** Refuses an audience naming lists or segments the program does not have, or naming none. */
export async function checkAudience(db: Db, programId: string, audience: CampaignAudience): Promise<void> {
  if (audience.lists.length === 0 && audience.segments.length === 0) {
    throw new AppError('empty_audience', 400, 'Choose at least one list or segment', { field: 'audience' });
  }
  await assertListsExist(db, programId, [...audience.lists, ...audience.excludeLists]);
  for (const id of [...audience.segments, ...audience.excludeSegments]) await getSegment(db, programId, id);
}

async function predicates(deps: AudienceDeps, programId: string, lists: string[], segments: string[]) {
  const now = deps.clock.now();
  const rules: RuleNode[] = [];
  if (lists.length) rules.push(listRule(lists));
  for (const id of segments) rules.push((await getSegment(deps.db, programId, id)).rule);
  const compiled: RawBuilder<unknown>[] = [];
  for (const rule of rules) {
    compiled.push((await compileSegmentRule(deps.db, deps.fields, programId, now, rule)).predicate);
  }
  return compiled;
}

export interface AudienceQueryParts {
  /** `members as m` rows in the audience. */
  where: RawBuilder<unknown>;
  /** True when the member has consent for the channel and purpose. */
  consented: RawBuilder<unknown>;
  programTimeZone: string;
}

export async function audienceParts(
  deps: AudienceDeps,
  programId: string,
  channel: CampaignChannel,
  audience: CampaignAudience,
): Promise<AudienceQueryParts> {
  const include = await predicates(deps, programId, audience.lists, audience.segments);
  const exclude = await predicates(deps, programId, audience.excludeLists, audience.excludeSegments);
  const consent = await compileSegmentRule(deps.db, deps.fields, programId, deps.clock.now(), {
    type: 'condition',
    field: 'consent.granted',
    op: 'is',
    value: true,
    params: { channel, purpose: 'marketing' },
  });
  const any = (ps: RawBuilder<unknown>[]) => sql`(${sql.join(ps, sql` or `)})`;
  const where = exclude.length
    ? sql`(${any(include)} and not ${any(exclude)})`
    : any(include.length ? include : [sql`false`]);
  const program = await getProgram(deps.db, programId);
  return { where, consented: consent.predicate, programTimeZone: program.timeZone };
}

/** The `from members m where …` part shared by the count and the recorded rows. */
export const audienceFrom = (programId: string, parts: AudienceQueryParts) =>
  sql`from members m where m.program_id = ${programId} and m.status = 'active' and ${parts.where}`;

export const addressColumn = (channel: CampaignChannel) =>
  channel === 'email' ? sql`m.email` : sql`m.phone`;
