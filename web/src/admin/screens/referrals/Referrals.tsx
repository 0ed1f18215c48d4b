// Referrals: the settings, this month's qualified referrals against the target, the report (links opened,
// joined, qualified, blocked by reason, conversion, paid, top referrers) and the latest referrals.
import { api } from '../../../shared/api.ts';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, ProgressBar } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgramDetails } from '../../program-details.ts';
import { useProgram } from '../../session.tsx';
import type { Reward } from '../rewards/types.ts';
import { ReferralSettingsForm } from './ReferralSettingsForm.tsx';
import type { Referral, ReferralReport, ReferralSettings } from '../../../../../src/contracts/referrals.ts';

export function Referrals() {
  const { t, number, date, locale } = useI18n();
  const program = useProgram();
  const details = useProgramDetails();
  const settings = useResource(
    (signal) => api.get<ReferralSettings>(program.api('/referrals/settings'), { signal }),
    [program.programId],
  );
  const report = useResource(
    (signal) => api.get<ReferralReport>(program.api('/referrals/report'), { signal }),
    [program.programId],
  );
  const list = useResource(
    (signal) => api.get<{ items: Referral[] }>(program.api('/referrals?limit=50'), { signal }),
    [program.programId],
  );
  const rewards = useResource(
    (signal) => api.get<{ items: Reward[] }>(program.api('/rewards'), { signal }),
    [program.programId],
  );
  const forms = useResource(
    (signal) =>
      api
        .get<{ items: { id: string; name: string; status: string }[] }>(program.api('/forms'), { signal })
        .catch(() => ({ items: [] })),
    [program.programId],
  );
  const nameOf = (r: Reward) =>
    (r.texts[locale as 'he'] ?? r.texts.he ?? r.texts.en ?? r.texts.fa)?.name ?? '';

  const r = report.data;
  return (
    <>
      <PageHead title={t('nav.referrals')} />
      {settings.error ? (
        <ErrorState error={settings.error} onRetry={settings.reload} />
      ) : !settings.data || !details || !rewards.data || !forms.data ? (
        <Loading />
      ) : (
        <ReferralSettingsForm
          settings={settings.data}
          rewards={rewards.data.items.map((x) => ({ id: x.id, name: nameOf(x) }))}
          forms={forms.data.items.filter((f) => f.status === 'active')}
          currency={details.currency}
          canWrite={program.can('rewards:write')}
          onSaved={() => {
            settings.reload();
            report.reload();
          }}
        />
      )}
      <section className="card" aria-labelledby="referral-report-title" data-testid="referral-report">
        <h2 id="referral-report-title">{t('referrals.report')}</h2>
        {report.error ? (
          <ErrorState error={report.error} onRetry={report.reload} />
        ) : !r ? (
          <Loading />
        ) : (
          <>
            {r.thisMonth.target !== null ? (
              <ProgressBar
                value={r.thisMonth.qualified}
                max={r.thisMonth.target}
                label={t('referrals.targetProgress', {
                  count: r.thisMonth.qualified,
                  target: r.thisMonth.target,
                })}
              />
            ) : (
              <p className="muted">{t('referrals.thisMonth', { count: r.thisMonth.qualified })}</p>
            )}
            <div className="kpis">
              {(
                [
                  ['visits', number(r.visits)],
                  ['joined', number(r.joined)],
                  ['pending', number(r.pending)],
                  ['qualified', number(r.qualified)],
                  ['expired', number(r.expired)],
                  ['blocked', number(r.blocked)],
                  ['conversion', number(r.conversion, { style: 'percent', maximumFractionDigits: 1 })],
                  ['pointsPaid', number(r.paid.points)],
                  ['rewardsPaid', number(r.paid.rewards)],
                ] as const
              ).map(([key, value]) => (
                <div key={key} className="card kpi" data-stat={key}>
                  <div className="value num">{value}</div>
                  <div className="label">{t(`referrals.${key}`)}</div>
                </div>
              ))}
            </div>
            {Object.keys(r.blockedBy).length > 0 && (
              <>
                <h3>{t('referrals.blockedBy')}</h3>
                <ul>
                  {Object.entries(r.blockedBy).map(([reason, n]) => (
                    <li key={reason} data-block={reason}>
                      {t(`referrals.block.${reason}` as 'referrals.block.same_email')}:{' '}
                      <span className="num">{number(n)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <h3>{t('referrals.topReferrers')}</h3>
            {r.topReferrers.length === 0 ? (
              <EmptyState title={t('referrals.noneQualified')} />
            ) : (
              <div className="table-wrap">
                <table className="data stack">
                  <thead>
                    <tr>
                      <th scope="col">{t('referrals.member')}</th>
                      <th scope="col" className="end">
                        {t('referrals.qualified')}
                      </th>
                      <th scope="col" className="end">
                        {t('referrals.pointsEarned')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.topReferrers.map((x) => (
                      <tr key={x.memberId}>
                        <td data-label={t('referrals.member')}>
                          <a href={program.link(`/members/${x.memberId}`)}>{x.name}</a>
                          {x.ambassador && <span className="badge"> {t('referrals.ambassador')}</span>}
                        </td>
                        <td data-label={t('referrals.qualified')} className="end num">
                          {number(x.qualified)}
                        </td>
                        <td data-label={t('referrals.pointsEarned')} className="end num">
                          {number(x.points)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
      <section className="card" aria-labelledby="referral-list-title">
        <h2 id="referral-list-title">{t('referrals.latest')}</h2>
        {list.error ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : !list.data ? (
          <Loading />
        ) : list.data.items.length === 0 ? (
          <EmptyState title={t('referrals.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="data stack" data-testid="referral-list">
              <thead>
                <tr>
                  <th scope="col">{t('referrals.referrer')}</th>
                  <th scope="col">{t('referrals.friend')}</th>
                  <th scope="col">{t('referrals.status')}</th>
                  <th scope="col">{t('referrals.joinedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((x) => (
                  <tr key={x.id} data-status={x.status}>
                    <td data-label={t('referrals.referrer')}>{x.referrerName}</td>
                    <td data-label={t('referrals.friend')}>{x.refereeName}</td>
                    <td data-label={t('referrals.status')}>
                      {t(`referrals.status.${x.status}`)}
                      {x.blockReason &&
                        ` — ${t(`referrals.block.${x.blockReason}` as 'referrals.block.same_email')}`}
                    </td>
                    <td data-label={t('referrals.joinedAt')} className="num">
                      {date(x.joinedAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
