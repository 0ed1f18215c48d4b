// Campaigns, newest first, with their state and how far sending got.
import { api } from '../../../shared/api.ts';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { Campaign } from './types.ts';

export function CampaignList() {
  const { t, number, date } = useI18n();
  const program = useProgram();
  const campaigns = useResource(
    (signal) => api.get<{ items: Campaign[] }>(program.api('/campaigns?limit=100'), { signal }),
    [program.programId],
  );
  return (
    <>
      <PageHead title={t('nav.campaigns')}>
        {program.can('messaging:write') && (
          <Link to={program.link('/campaigns/new')} className="btn btn-primary">
            {t('campaigns.new')}
          </Link>
        )}
      </PageHead>
      {campaigns.error ? (
        <ErrorState error={campaigns.error} onRetry={campaigns.reload} />
      ) : !campaigns.data ? (
        <Loading />
      ) : campaigns.data.items.length === 0 ? (
        <EmptyState title={t('campaigns.empty')} />
      ) : (
        <table className="data" data-testid="campaign-list">
          <thead>
            <tr>
              <th scope="col">{t('campaigns.name')}</th>
              <th scope="col">{t('campaigns.channel')}</th>
              <th scope="col">{t('campaigns.stateLabel')}</th>
              <th scope="col">{t('campaigns.sentOf')}</th>
              <th scope="col">{t('campaigns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.data.items.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={program.link(`/campaigns/${c.id}`)}>{c.name}</Link>
                </th>
                <td>{t(`policy.channel.${c.channel}`)}</td>
                <td>
                  <span className="badge">{t(`campaigns.state.${c.state}`)}</span>
                </td>
                <td className="num">
                  {t('campaigns.progress', {
                    sent: number(c.progress.sent),
                    audience: number(c.progress.audience),
                  })}
                </td>
                <td>{date(c.createdAt, 'shortDate')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
