// Runs a rule against a program's members: one query, the rule as its where clause. Segments read the tables
// the fields name directly, read-only (docs/adr/segments-read-model.md).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { getProgram } from '../programs/index.ts';
import type { SegmentFieldRegistry } from './fields/registry.ts';
import { compileRule } from './rules/compile.ts';
import type { CompileContext, Sql } from './rules/types.ts';
import { checkRule } from './rules/validate.ts';

export interface CompiledSegment {
  ctx: CompileContext;
  predicate: Sql;
}

export async function compileContext(db: Db, programId: string, now: Date): Promise<CompileContext> {
  const program = await getProgram(db, programId);
  return {
    programId,
    timeZone: program.timeZone,
    currency: program.currency,
    now,
    attributeSchema: program.memberAttributeSchema as CompileContext['attributeSchema'],
  };
}

/** Checks the rule (400 naming the bad node) and compiles it for this program at `now`. */
export async function compileSegmentRule(
  db: Db,
  registry: SegmentFieldRegistry,
  programId: string,
  now: Date,
  rule: unknown,
): Promise<CompiledSegment> {
  const ctx = await compileContext(db, programId, now);
  return { ctx, predicate: compileRule(checkRule(rule, registry, ctx), ctx) };
}

/** The active members the rule selects, as `m`. */
export function segmentMembersQuery(db: Db, segment: CompiledSegment) {
  return db
    .selectFrom('members as m')
    .where('m.program_id', '=', segment.ctx.programId)
    .where('m.status', '=', 'active')
    .where(sql<boolean>`${segment.predicate}`);
}

export async function countMembers(db: Db, segment: CompiledSegment): Promise<number> {
  const row = await segmentMembersQuery(db, segment)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
