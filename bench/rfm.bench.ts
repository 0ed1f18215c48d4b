// RFM scores of every customer of the generated retail club (bench/retail-db.ts: 1M members, ≈ 10M purchases by
// default) as the RFM report computes them (value/customers.ts: kept orders net of refunds before the snapshot,
// rank-based scores that give ties one score), next to one hand-written SQL query (`ntile(5)` over per-member
// aggregates) in the same run. Both are summed over all customers so every score is computed. The figures
// differ where ties sit at quintile edges (ntile splits ties by row order; ours never does): the benchmark
// compares time, and checks that both score the same customers. Value: our best time; limit: the
// hand-written query's best time; ratio = value ÷ limit (lower is better; target ≤ 1.5).
import { sql } from 'kysely';
import { rfmScoresSql, snapshotFor } from '../src/modules/value/index.ts';
import { bestOf, openRetailDb } from './retail-db.ts';

const log = (line: string) => console.error(`[rfm] ${line}`);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main() {
  const club = await openRetailDb('rfm', log);
  try {
    const { db } = club.database;
    const pid = club.programId;
    const snap = await snapshotFor(db, pid, club.end, { months: 24 });
    const ours = () =>
      sql<{ n: string; r: string; f: string; m: string }>`
        select count(*) as n, sum(s.r) as r, sum(s.f) as f, sum(s.m) as m from (${rfmScoresSql(snap, 5)}) s`
        .execute(db)
        .then((x) => x.rows[0]!);
    // What a developer would write by hand: aggregates per member, then ntile over each.
    const handWritten = () =>
      sql<{ n: string; r: string; f: string; m: string }>`
        with c as (
          select p.member_id, count(*) as frequency, sum(p.total - p.refunded_total) as monetary,
            max(p.occurred_at) as last_at
          from loyalty_purchases p
          join members m on m.id = p.member_id and m.status = 'active'
          where p.program_id = ${pid} and p.currency = ${snap.currency}
            and p.occurred_at >= ${snap.since} and p.occurred_at < ${snap.asOf}
            and (p.total = 0 or p.refunded_total < p.total)
          group by p.member_id
        ),
        s as (
          select ntile(5) over (order by last_at) as r, ntile(5) over (order by frequency) as f,
            ntile(5) over (order by monetary) as m from c
        )
        select count(*) as n, sum(r) as r, sum(f) as f, sum(m) as m from s`
        .execute(db)
        .then((x) => x.rows[0]!);
    const { best, results } = await bestOf(ROUNDS, { ours, handWritten });
    if (results.ours!.n !== results.handWritten!.n) {
      throw new Error(`customers differ: ours ${results.ours!.n}, hand-written ${results.handWritten!.n}`);
    }
    console.log(
      JSON.stringify({
        bench: 'rfm',
        value: Math.round(best.ours!),
        unit: 'ms',
        limit: Math.round(best.handWritten!),
        ratio: Math.round((best.ours! / best.handWritten!) * 1000) / 1000,
        note:
          `ratio = our RFM scoring time ÷ hand-written ntile SQL time (lower is better; target ≤ 1.5); best of ` +
          `${ROUNDS} interleaved; ${club.counts.members} members, ${club.counts.purchases} purchases; both ` +
          `scored ${results.ours!.n} customers (score sums R/F/M ours ${results.ours!.r}/${results.ours!.f}/` +
          `${results.ours!.m}, ntile ${results.handWritten!.r}/${results.handWritten!.f}/${results.handWritten!.m})`,
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
