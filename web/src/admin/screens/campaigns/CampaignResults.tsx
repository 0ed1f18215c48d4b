// A campaign's results: per variant delivered/opened/clicked/unsubscribed/converted with their intervals and
// revenue, the A/B verdict, the lift against the holdout, opens and clicks per variant over time, and every
// message not sent with its reason (docs/campaigns.md, "Results").
import { api } from '../../../shared/api.ts';
import { LineChart } from '../../../shared/components/charts.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { Figure } from './ContactPolicy.tsx';
import { WhyNotSentTable } from './WhyNotSentTable.tsx';

interface Rate {
  rate: number;
  low: number;
  high: number;
}
interface Group {
  key: string;
  audience: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  conversions: number;
  revenue: number;
  rates: { delivered: Rate; opened: Rate; clicked: Rate; unsubscribed: Rate; conversion: Rate };
}
interface Results {
  currency: string;
  confidence: number;
  total: Group;
  variants: Group[];
  winner: { winner: string; reason: string; metric: string } | null;
  holdout: {
    members: number;
    conversion: { absolute: { difference: number; low: number; high: number }; significant: boolean };
  } | null;
  accounting: {
    audience: number;
    balanced: boolean;
    outcomes: Record<string, number>;
    reasons: { outcome: string; reason: string | null; count: number }[];
  };
}
interface Series {
  series: { group: string; points: { bucket: string; opened: number; clicked: number }[] }[];
}

export function CampaignResults(props: { campaignId: string }) {
  const { t, number, money } = useI18n();
  const program = useProgram();
  const data = useResource(
    (signal) =>
      Promise.all([
        api.get<Results>(program.api(`/campaigns/${props.campaignId}/results`), { signal }),
        api.get<Series>(program.api(`/campaigns/${props.campaignId}/results/series`), { signal }),
      ]),
    [program.programId, props.campaignId],
  );
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const [r, s] = data.data;
  if (r.accounting.audience === 0) return <EmptyState title={t('results.empty')} />;
  const pct = (x: number) => number(x, { style: 'percent', maximumFractionDigits: 1 });
  const withInterval = (x: Rate) =>
    t('results.rate', { rate: pct(x.rate), low: pct(x.low), high: pct(x.high) });
  const labels = s.series[0]?.points.map((p) => p.bucket) ?? [];
  return (
    <section aria-labelledby="results-title" data-testid="campaign-results">
      <h2 id="results-title">{t('results.title')}</h2>
      <div className="kpis">
        <Figure
          id="results-audience"
          label={t('campaigns.count.audience')}
          value={number(r.total.audience)}
        />
        <Figure id="results-sent" label={t('campaigns.sentOf')} value={number(r.total.sent)} />
        <Figure id="results-opened" label={t('results.opened')} value={pct(r.total.rates.opened.rate)} />
        <Figure
          id="results-revenue"
          label={t('results.revenue')}
          value={money(r.total.revenue, r.currency)}
        />
      </div>
      <table className="data" data-testid="results-variants">
        <caption>{t('results.byVariant', { confidence: pct(r.confidence) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.variant')}</th>
            <th scope="col">{t('campaigns.sentOf')}</th>
            <th scope="col">{t('results.delivered')}</th>
            <th scope="col">{t('results.opened')}</th>
            <th scope="col">{t('results.clicked')}</th>
            <th scope="col">{t('results.unsubscribed')}</th>
            <th scope="col">{t('results.conversion')}</th>
            <th scope="col">{t('results.revenue')}</th>
          </tr>
        </thead>
        <tbody>
          {r.variants.map((v) => (
            <tr key={v.key}>
              <th scope="row">{v.key === 'unassigned' ? t('results.unassigned') : v.key}</th>
              <td className="num">{number(v.sent)}</td>
              <td className="num">{withInterval(v.rates.delivered)}</td>
              <td className="num">{withInterval(v.rates.opened)}</td>
              <td className="num">{withInterval(v.rates.clicked)}</td>
              <td className="num">{withInterval(v.rates.unsubscribed)}</td>
              <td className="num">{withInterval(v.rates.conversion)}</td>
              <td className="num">{money(v.revenue, r.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.winner && (
        <p data-testid="results-winner">
          {t('results.winner', { variant: r.winner.winner })}{' '}
          {t(`results.verdict.${r.winner.reason as 'tie'}`)}
        </p>
      )}
      {r.holdout && (
        <p data-testid="results-holdout">
          {t('results.holdout', {
            members: number(r.holdout.members),
            lift: pct(r.holdout.conversion.absolute.difference),
            low: pct(r.holdout.conversion.absolute.low),
            high: pct(r.holdout.conversion.absolute.high),
          })}
        </p>
      )}
      {labels.length > 0 && (
        <LineChart
          title={t('results.chart')}
          labels={labels}
          series={s.series.flatMap((g) => [
            { name: t('results.seriesOpened', { variant: g.group }), values: g.points.map((p) => p.opened) },
            {
              name: t('results.seriesClicked', { variant: g.group }),
              values: g.points.map((p) => p.clicked),
            },
          ])}
        />
      )}
      <WhyNotSentTable
        caption={t('results.whyNotSent')}
        rows={r.accounting.reasons}
        testId="results-why-not-sent"
      />
      <p>
        {r.accounting.balanced
          ? t('results.balanced', { audience: number(r.accounting.audience) })
          : t('results.unbalanced')}
      </p>
    </section>
  );
}
