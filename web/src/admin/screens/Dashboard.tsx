// The dashboard: headline figures now, and members, revenue and points over a period, with charts that
// run in the reading direction (right to left in Hebrew and Persian).
import { useState } from 'react';
import { api, query } from '../../shared/api.ts';
import { BarChart, DonutChart, LineChart } from '../../shared/components/charts.tsx';
import { Link } from '../../shared/components/Icon.tsx';
import { PageHead } from '../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../shared/components/states.tsx';
import { useResource } from '../../shared/hooks.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { localName } from '../../shared/labels.ts';
import { useProgram } from '../session.tsx';
import { PERIODS, periodQuery, type Headline, type Period, type TimeSeries } from './dashboard-data.ts';

function Kpi(props: { label: string; value: string; hint?: string; id: string }) {
  return (
    <div className="card kpi" data-kpi={props.id}>
      <div className="value num">{props.value}</div>
      <div className="label">{props.label}</div>
      {props.hint && <div className="muted">{props.hint}</div>}
    </div>
  );
}

export function Dashboard() {
  const { t, number, locale } = useI18n();
  const program = useProgram();
  const [period, setPeriod] = useState<Period>('days');
  const headline = useResource(
    (signal) => api.get<Headline>(program.api('/analytics/headline'), { signal }),
    [program.programId],
  );
  const timeZone = headline.data?.timeZone;
  const series = useResource(
    (signal) =>
      timeZone
        ? api.get<TimeSeries>(
            program.api(`/analytics/timeseries${query(periodQuery(period, timeZone, new Date(), locale))}`),
            { signal },
          )
        : new Promise<TimeSeries>(() => undefined),
    [program.programId, timeZone, period, locale],
  );

  const head = (
    <PageHead title={t('nav.dashboard')}>
      <label className="field" style={{ margin: 0 }}>
        <span className="sr-only">{t('dashboard.period')}</span>
        <select value={period} onChange={(e) => setPeriod(e.target.value as Period)} name="period">
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`dashboard.period.${p}`)}
            </option>
          ))}
        </select>
      </label>
    </PageHead>
  );
  if (headline.error) {
    return (
      <>
        {head}
        <ErrorState error={headline.error} onRetry={headline.reload} />
      </>
    );
  }
  if (!headline.data) {
    return (
      <>
        {head}
        <Loading />
      </>
    );
  }
  const h = headline.data;
  if (h.activeMembers === 0 && h.points.liability === 0) {
    return (
      <>
        {head}
        <EmptyState title={t('dashboard.empty')}>
          <p className="muted">{t('dashboard.emptyHint')}</p>
          {program.can('members:write') && (
            <Link className="btn btn-primary" to={program.link('/members/new')}>
              {t('members.new')}
            </Link>
          )}
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {head}
      <Figures headline={h} series={series.data} />
      {series.error ? (
        <ErrorState error={series.error} onRetry={series.reload} />
      ) : !series.data ? (
        <Loading />
      ) : (
        <Charts headline={h} series={series.data} />
      )}
      <DonutChart
        title={t('dashboard.chart.tiers')}
        slices={h.tiers
          .filter((tier) => tier.key !== null || tier.members > 0)
          .map((tier) => ({
            name:
              tier.name === null ? t('dashboard.noTier') : localName({ ...tier, name: tier.name }, locale),
            value: tier.members,
          }))}
        format={(v) => number(v)}
      />
    </>
  );
}

function Figures(props: { headline: Headline; series: TimeSeries | undefined }) {
  const { t, number, money } = useI18n();
  const h = props.headline;
  const joined = props.series?.buckets.reduce((sum, b) => sum + b.joined, 0);
  const revenue = props.series?.revenue.find((r) => r.currency === h.currency)?.total.net ?? 0;
  return (
    <div className="kpis">
      <Kpi id="members" label={t('dashboard.kpi.members')} value={number(h.activeMembers)} />
      <Kpi id="joined" label={t('dashboard.kpi.joined')} value={props.series ? number(joined) : '…'} />
      <Kpi id="purchasers" label={t('dashboard.kpi.purchasers')} value={number(h.purchasers90Days)} />
      <Kpi
        id="revenue"
        label={t('dashboard.kpi.revenue')}
        value={props.series ? money(revenue, h.currency) : '…'}
      />
      <Kpi
        id="liability"
        label={t('dashboard.kpi.liability')}
        value={number(h.points.liability)}
        hint={t('dashboard.kpi.liabilityHint', {
          available: number(h.points.available),
          pending: number(h.points.pending),
        })}
      />
      <Kpi id="expiring" label={t('dashboard.kpi.expiring')} value={number(h.points.expiringIn30Days)} />
    </div>
  );
}

function Charts(props: { headline: Headline; series: TimeSeries }) {
  const { t, date, money } = useI18n();
  const { series, headline } = props;
  const style = series.bucket === 'month' ? 'monthYear' : 'dayMonth';
  const labels = series.buckets.map((b) => date(b.start, style));
  const revenue = series.revenue.find((r) => r.currency === headline.currency) ?? series.revenue[0];
  // Charts draw major units (₪, not agorot); the hidden table reads as money.
  const decimals =
    new Intl.NumberFormat('en', {
      style: 'currency',
      currency: revenue?.currency ?? headline.currency,
    }).resolvedOptions().maximumFractionDigits ?? 2;
  const major = (minor: number) => minor / 10 ** decimals;
  return (
    <div className="grid charts">
      <LineChart
        title={t('dashboard.chart.members')}
        labels={labels}
        series={[{ name: t('dashboard.series.members'), values: series.buckets.map((b) => b.members) }]}
      />
      <BarChart
        title={t('dashboard.chart.joined')}
        labels={labels}
        series={[{ name: t('dashboard.series.joined'), values: series.buckets.map((b) => b.joined) }]}
      />
      {revenue ? (
        <BarChart
          title={t('dashboard.chart.revenue', { currency: revenue.currency })}
          labels={labels}
          format={(v) => money(Math.round(v * 10 ** decimals), revenue.currency)}
          series={[
            { name: t('dashboard.series.net'), values: revenue.buckets.map((b) => major(b.net)) },
            { name: t('dashboard.series.refunded'), values: revenue.buckets.map((b) => major(b.refunded)) },
          ]}
        />
      ) : (
        <figure className="card chart" style={{ margin: 0 }}>
          <figcaption>
            <h3>{t('dashboard.chart.revenue', { currency: headline.currency })}</h3>
          </figcaption>
          <p className="muted">{t('dashboard.noRevenue')}</p>
        </figure>
      )}
      <BarChart
        title={t('dashboard.chart.points')}
        labels={labels}
        series={[
          { name: t('dashboard.series.issued'), values: series.buckets.map((b) => b.points.issued) },
          { name: t('dashboard.series.redeemed'), values: series.buckets.map((b) => b.points.redeemed) },
          { name: t('dashboard.series.expired'), values: series.buckets.map((b) => b.points.expired) },
        ]}
      />
    </div>
  );
}
