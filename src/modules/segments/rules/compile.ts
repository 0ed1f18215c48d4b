// Compiles a checked rule tree to one SQL predicate over the member row `m`. Every user value is a bound
// parameter (Kysely's sql template); field keys and operators only choose among fixed SQL shapes.
//
// Aggregates over other tables are joined as semi-/anti-joins on a grouped derived table, which PostgreSQL
// plans as one hash join instead of a subquery per member:
//   the condition holds for members without rows → not exists (group where not P)
//   otherwise                                     → exists (group where P)
import { sql } from 'kysely';
import { holdsForAbsent, predicate } from './operators.ts';
import type { CheckedNode } from './validate.ts';
import type { CompileContext, Sql } from './types.ts';

export function compileRule(node: CheckedNode, ctx: CompileContext): Sql {
  switch (node.type) {
    case 'and':
    case 'or': {
      const parts = node.rules.map((r) => compileRule(r, ctx));
      return sql`(${sql.join(parts, node.type === 'and' ? sql` and ` : sql` or `)})`;
    }
    case 'not':
      return sql`(not coalesce(${compileRule(node.rule, ctx)}, false))`;
    case 'condition': {
      const { field, op, value } = node;
      const source = field.source(ctx, node.params);
      if (source.kind === 'column') return predicate(field.type, op, source.expr, value, ctx);
      if (source.kind === 'aggregate') {
        const p = predicate(field.type, op, sql.ref('s.v'), value, ctx);
        return holdsForAbsent(op, value, source.absent)
          ? sql`not exists (select 1 from (${source.rows}) as s where s.member_id = m.id and not coalesce(${p}, false))`
          : sql`exists (select 1 from (${source.rows}) as s where s.member_id = m.id and ${p})`;
      }
      const elements = value.kind === 'list' ? value.values : [];
      const list = sql.join(elements.map((e) => sql`${e}`));
      if (op === 'includes_all') {
        return sql`m.id in (select s.member_id from (${source.rows}) as s where s.element in (${list})
          group by s.member_id having count(distinct s.element) = ${elements.length})`;
      }
      const any = sql`exists (select 1 from (${source.rows}) as s where s.member_id = m.id and s.element in (${list}))`;
      return op === 'includes_none' ? sql`not ${any}` : any;
    }
  }
}
