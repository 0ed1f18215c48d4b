// Counting a 5-rule segment (attribute, consent, purchase spend in a window, event count in a window, tier)
// over the generated retail club (bench/retail-db.ts: 1M members, ≈ 10M purchases, ≈ 10M events by default),
// next to a hand-written SQL query doing the same, in the same run. The two counts must agree. Value: our
// best time; limit: the hand-written query's best time; ratio = value ÷ limit (lower is better; target
// ≤ 1.5 and value < 1 s).
import { sql } from 'kysely';
import { valueSegmentFields } from '../src/modules/value/index.ts';
import {
  compileSegmentRule,
  countMembers,
  segmentMembersQuery,
  segmentsModule,
} from '../src/modules/segments/index.ts';
import { bestOf, openRetailDb } from './retail-db.ts';

const log = (line: string) => console.error(`[segment] ${line}`);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const rule = {
  type: 'and',
  rules: [
    { type: 'condition', field: 'attribute.city', op: 'eq', value: 'Tel Aviv' },
    { type: 'condition', field: 'consent.granted', op: 'is', value: true, params: { channel: 'email' } },
    { type: 'condition', field: 'purchase.spend', op: 'gte', value: 5_000, params: { days: 90 } },
    {
      type: 'condition',
      field: 'event.count',
      op: 'gte',
      value: 1,
      params: { name: 'Product Viewed', days: 60 },
    },
    { type: 'condition', field: 'loyalty.tier', op: 'in', value: ['gold', 'silver'] },
  ],
};

async function main() {
  const club = await openRetailDb('segment', log);
  try {
    const { db } = club.database;
    const now = club.end;
    const fields = segmentsModule(valueSegmentFields).fields;
    const day = 86_400_000;
    const since90 = new Date(now.getTime() - 90 * day);
    const since60 = new Date(now.getTime() - 60 * day);
    const pid = club.programId;
    // What a developer would write by hand: the newest consent record per member for the channel, spend and
    // event counts grouped once, joined to the members of the city and tier.
    const handWritten = () =>
      sql<{ n: number }>`
        with consent as (
          select distinct on (c.member_id) c.member_id, c.status from consent_records c
          where c.program_id = ${pid} and c.channel = 'email' and c.purpose = 'marketing'
          order by c.member_id, c.recorded_at desc, c.id desc
        ),
        spend as (
          select p.member_id from loyalty_purchases p
          where p.program_id = ${pid} and p.currency = 'ILS' and p.occurred_at >= ${since90}
            and (p.refunded_total < p.total or p.total = 0)
          group by p.member_id having sum(p.total - p.refunded_total) >= 5000
        ),
        viewed as (
          select distinct e.member_id from events e
          where e.program_id = ${pid} and e.type = 'track' and e.name = 'Product Viewed'
            and e.member_id is not null and e.occurred_at >= ${since60}
        )
        select count(*) as n from members m
        join loyalty_accounts a on a.member_id = m.id and a.program_id = m.program_id
        join consent k on k.member_id = m.id and k.status = 'granted'
        join spend s on s.member_id = m.id
        join viewed v on v.member_id = m.id
        where m.program_id = ${pid} and m.status = 'active' and m.attributes ->> 'city' = 'Tel Aviv'
          and a.tier_key in ('gold', 'silver')`
        .execute(db)
        .then((r) => Number(r.rows[0]!.n));
    const ours = async () => countMembers(db, await compileSegmentRule(db, fields, pid, now, rule));
    if (process.env.BENCH_EXPLAIN) {
      // The plan of our query, for whoever tunes the compiler (BENCH_EXPLAIN=1).
      const compiled = await compileSegmentRule(db, fields, pid, now, rule);
      const q = segmentMembersQuery(db, compiled)
        .select(sql<number>`count(*)`.as('n'))
        .compile();
      const plan = await db.executeQuery<{ 'QUERY PLAN': string }>({
        ...q,
        sql: `explain (analyze, costs off) ${q.sql}`,
      });
      log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const { best, results } = await bestOf(ROUNDS, { ours, handWritten });
    if (results.ours !== results.handWritten) {
      throw new Error(`counts differ: segment ${results.ours}, hand-written ${results.handWritten}`);
    }
    const value = Math.round(best.ours!);
    const limit = Math.round(best.handWritten!);
    console.log(
      JSON.stringify({
        bench: 'segment',
        value,
        unit: 'ms',
        limit,
        ratio: Math.round((best.ours! / best.handWritten!) * 1000) / 1000,
        note:
          `ratio = segment time ÷ hand-written SQL time (lower is better; target ≤ 1.5 and < 1000 ms); ` +
          `best of ${ROUNDS} interleaved; ${club.counts.members} members, ${club.counts.purchases} purchases, ` +
          `${club.counts.events} events, ${club.counts.consents} consent records; both counted ${results.ours}`,
      }),
    );
  } finally {
    await club.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
