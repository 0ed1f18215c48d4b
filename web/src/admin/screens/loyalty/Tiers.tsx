import { api } from '../../../shared/api.ts';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { Tier } from './types.ts';

export function Tiers() {
  const { t, number } = useI18n();
  const program = useProgram();
  const tiers = useResource(
    (signal) => api.get<{ items: Tier[] }>(program.api('/tiers'), { signal }),
    [program.programId],
  );
  if (tiers.error) return <ErrorState error={tiers.error} onRetry={tiers.reload} />;
  if (!tiers.data) return <Loading />;
  if (tiers.data.items.length === 0) return <EmptyState title={t('tiers.empty')} />;
  return (
    <div className="card table-wrap">
      <table className="data stack">
        <caption className="sr-only">{t('loyalty.tiers')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tiers.name')}</th>
            <th scope="col" className="end">
              {t('tiers.threshold')}
            </th>
            <th scope="col" className="end">
              {t('tiers.multiplier')}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...tiers.data.items]
            .sort((a, b) => a.rank - b.rank)
            .map((tier) => (
              <tr key={tier.key}>
                <td data-label={t('tiers.name')}>{tier.name}</td>
                <td data-label={t('tiers.threshold')} className="end num">
                  {number(tier.threshold)}
                </td>
                <td data-label={t('tiers.multiplier')} className="end num">
                  ×{number(tier.benefits.earnMultiplier ?? 1)}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
