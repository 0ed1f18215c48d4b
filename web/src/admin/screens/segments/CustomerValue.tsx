// Customer value: "the top 20 % bring X %", the RFM grid (recency × frequency, coloured by segment, each cell
// opening its customers), the segments' figures, the Pareto curve and product affinity. The grid is a table,
// so it reads in the page's direction; the curve mirrors in RTL and carries a data table (charts.tsx).
import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { LineChart } from '../../../shared/components/charts.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { SelectField } from '../../../shared/components/forms.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

const SEGMENTS = [
  'champions',
  'loyal',
  'cant_lose',
  'at_risk',
  'potential_loyalists',
  'new',
  'promising',
  'need_attention',
  'about_to_sleep',
  'lost',
  'hibernating',
] as const;
type Segment = (typeof SEGMENTS)[number];

/** The named segment of a quintile grid cell (the same map as the server's rfm-grid.ts). */
function cellSegment(r: number, f: number): Segment {
  if (r === 5 && f >= 4) return 'champions';
  if (r >= 3 && f >= 4) return 'loyal';
  if (r <= 2 && f === 5) return 'cant_lose';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r >= 4 && f >= 2) return 'potential_loyalists';
  if (r === 5) return 'new';
  if (r === 4) return 'promising';
  if (r === 3 && f === 3) return 'need_attention';
  if (r === 3) return 'about_to_sleep';
  if (r === 1 && f === 1) return 'lost';
  return 'hibernating';
}

const COLOURS: Record<Segment, string> = {
  champions: '#1b7f4c',
  loyal: '#3c9a5f',
  potential_loyalists: '#7bbf6a',
  new: '#a7d3f5',
  promising: '#cfe8fb',
  need_attention: '#f5d76e',
  about_to_sleep: '#f2b35e',
  at_risk: '#e8833a',
  cant_lose: '#d0492f',
  hibernating: '#b9b9c3',
  lost: '#8d8d99',
};
const DARK = new Set<Segment>(['champions', 'loyal', 'cant_lose', 'lost']);

interface Rfm {
  customers: number;
  months: number;
  currency: string;
  segments: {
    segment: Segment;
    customers: number;
    revenue: number;
    averageRecencyDays: number | null;
    averageFrequency: number | null;
    averageMonetary: number | null;
  }[];
  grid: { r: number; f: number; customers: number }[];
}
interface Pareto {
  customers: number;
  revenue: number;
  top: { percent: number; customers: number; revenueShare: number }[];
  curve: { customerShare: number; revenueShare: number }[];
}
interface Affinity {
  items: {
    item: string;
    customersInSegment: number;
    customersOverall: number;
    support: number;
    lift: number;
  }[];
}
interface RfmMember {
  memberId: string;
  firstName: string | null;
  lastName: string | null;
  monetary: number;
  frequency: number;
  recencyDays: number;
}

export function CustomerValue() {
  const { t, number, money } = useI18n();
  const program = useProgram();
  const rfm = useResource(
    (signal) => api.get<Rfm>(program.api('/value/rfm'), { signal }),
    [program.programId],
  );
  const pareto = useResource(
    (signal) => api.get<Pareto>(program.api('/value/pareto'), { signal }),
    [program.programId],
  );
  const [affinityFor, setAffinityFor] = useState<Segment>('champions');
  const affinity = useResource(
    (signal) => api.get<Affinity>(program.api(`/value/affinity?segment=${affinityFor}`), { signal }),
    [program.programId, affinityFor],
  );
  const [cell, setCell] = useState<{ r: number; f: number }>();
  const cellMembers = useResource(
    (signal) =>
      cell
        ? api.get<{ items: RfmMember[] }>(
            program.api(`/value/rfm/members?r=${cell.r}&f=${cell.f}&limit=50`),
            { signal },
          )
        : Promise.resolve(undefined),
    [program.programId, cell?.r, cell?.f],
  );
  const name = (s: Segment) => t(`rfm.${s}` as MessageKey);

  if (rfm.error) return <ErrorState error={rfm.error} onRetry={rfm.reload} />;
  if (!rfm.data || !pareto.data) return <Loading />;
  const r = rfm.data;
  const top20 = pareto.data.top.find((x) => x.percent === 20);
  const count = (ri: number, fi: number) => r.grid.find((g) => g.r === ri && g.f === fi)?.customers ?? 0;

  return (
    <>
      <PageHead title={t('value.title')} />
      {r.customers === 0 ? (
        <EmptyState title={t('value.noCustomers')} />
      ) : (
        <>
          <div className="card">
            <p data-testid="pareto-headline">
              <strong>{t('value.headline', { share: number(top20?.revenueShare ?? 0) })}</strong>
            </p>
            <p className="muted">{t('value.customers', { count: r.customers, months: r.months })}</p>
          </div>
          <section className="card table-wrap" aria-labelledby="rfm-grid">
            <h2 id="rfm-grid">{t('value.rfmGrid')}</h2>
            <table className="data">
              <caption className="sr-only">{t('value.rfmGrid')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    {t('value.recency')} \ {t('value.frequency')}
                  </th>
                  {[1, 2, 3, 4, 5].map((f) => (
                    <th key={f} scope="col">
                      {number(f)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[5, 4, 3, 2, 1].map((ri) => (
                  <tr key={ri}>
                    <th scope="row">{number(ri)}</th>
                    {[1, 2, 3, 4, 5].map((fi) => {
                      const segment = cellSegment(ri, fi);
                      const n = count(ri, fi);
                      return (
                        <td key={fi} style={{ background: COLOURS[segment], padding: 0 }}>
                          <button
                            type="button"
                            className="btn"
                            style={{
                              width: '100%',
                              background: 'transparent',
                              border: 0,
                              color: DARK.has(segment) ? '#fff' : '#111',
                            }}
                            aria-pressed={cell?.r === ri && cell?.f === fi}
                            aria-label={t('value.cell', {
                              segment: name(segment),
                              count: number(n),
                              r: number(ri),
                              f: number(fi),
                            })}
                            onClick={() => setCell({ r: ri, f: fi })}
                          >
                            <strong>{number(n)}</strong>
                            <br />
                            <small>{name(segment)}</small>
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {cell && (
            <section className="card table-wrap" aria-labelledby="cell-members">
              <h2 id="cell-members">{t('value.cellMembers', { r: number(cell.r), f: number(cell.f) })}</h2>
              {cellMembers.error ? (
                <ErrorState error={cellMembers.error} onRetry={cellMembers.reload} />
              ) : !cellMembers.data ? (
                <Loading />
              ) : cellMembers.data.items.length === 0 ? (
                <EmptyState title={t('value.noCustomers')} />
              ) : (
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t('segments.memberName')}</th>
                      <th scope="col" className="end">
                        {t('value.avgFrequency')}
                      </th>
                      <th scope="col" className="end">
                        {t('value.revenue')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {cellMembers.data.items.map((m) => (
                      <tr key={m.memberId}>
                        <td>
                          <Link to={program.link(`/members/${m.memberId}`)}>
                            {[m.firstName, m.lastName].filter(Boolean).join(' ') || '—'}
                          </Link>
                        </td>
                        <td className="end">{number(m.frequency)}</td>
                        <td className="end">{money(m.monetary, r.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}
          <section className="card table-wrap" aria-labelledby="rfm-segments">
            <h2 id="rfm-segments">{t('value.segments')}</h2>
            <table className="data stack">
              <thead>
                <tr>
                  <th scope="col">{t('value.segment')}</th>
                  <th scope="col" className="end">
                    {t('segments.members')}
                  </th>
                  <th scope="col" className="end">
                    {t('value.revenue')}
                  </th>
                  <th scope="col" className="end">
                    {t('value.avgRecency')}
                  </th>
                  <th scope="col" className="end">
                    {t('value.avgFrequency')}
                  </th>
                  <th scope="col" className="end">
                    {t('value.avgMonetary')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.segments
                  .filter((s) => s.customers > 0)
                  .map((s) => (
                    <tr key={s.segment}>
                      <td data-label={t('value.segment')}>{name(s.segment)}</td>
                      <td data-label={t('segments.members')} className="end">
                        {number(s.customers)}
                      </td>
                      <td data-label={t('value.revenue')} className="end">
                        {money(s.revenue, r.currency)}
                      </td>
                      <td data-label={t('value.avgRecency')} className="end">
                        {number(s.averageRecencyDays)}
                      </td>
                      <td data-label={t('value.avgFrequency')} className="end">
                        {number(s.averageFrequency)}
                      </td>
                      <td data-label={t('value.avgMonetary')} className="end">
                        {money(Math.round(s.averageMonetary ?? 0), r.currency)}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
          <LineChart
            title={t('value.pareto')}
            labels={pareto.data.curve.map((p) => `${number(p.customerShare)}%`)}
            series={[{ name: t('value.paretoSeries'), values: pareto.data.curve.map((p) => p.revenueShare) }]}
          />
          <section className="card table-wrap" aria-labelledby="affinity">
            <h2 id="affinity">{t('value.affinity')}</h2>
            <SelectField
              label={t('value.affinityFor')}
              value={affinityFor}
              onChange={(e) => setAffinityFor(e.target.value as Segment)}
              options={SEGMENTS.map((s) => ({ value: s, label: name(s) }))}
            />
            {affinity.error ? (
              <ErrorState error={affinity.error} onRetry={affinity.reload} />
            ) : !affinity.data ? (
              <Loading />
            ) : affinity.data.items.length === 0 ? (
              <EmptyState title={t('value.noAffinity')} />
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('value.item')}</th>
                    <th scope="col" className="end">
                      {t('value.inSegment')}
                    </th>
                    <th scope="col" className="end">
                      {t('value.overall')}
                    </th>
                    <th scope="col" className="end">
                      {t('value.support')}
                    </th>
                    <th scope="col" className="end">
                      {t('value.lift')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {affinity.data.items.map((a) => (
                    <tr key={a.item}>
                      <td>{a.item}</td>
                      <td className="end">{number(a.customersInSegment)}</td>
                      <td className="end">{number(a.customersOverall)}</td>
                      <td className="end">{number(a.support, { style: 'percent' })}</td>
                      <td className="end">{number(a.lift)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </>
  );
}
