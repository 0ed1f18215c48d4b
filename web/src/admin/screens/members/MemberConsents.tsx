// A member's consent now and its full history — the proof of what they agreed to, when, where and how.
import { api } from '../../../shared/api.ts';
import { EmptyState, ErrorState, Loading } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';

type Channel = 'email' | 'sms' | 'phone';
type Purpose = 'marketing' | 'service';
type Status = 'granted' | 'withdrawn';

interface Consents {
  current: { channel: Channel; purpose: Purpose; status: Status; source: string; recordedAt: string }[];
  history: {
    id: number;
    channel: Channel;
    purpose: Purpose;
    status: Status;
    source: string;
    textShown: string | null;
    ip: string | null;
    recordedBy: string | null;
    recordedAt: string;
  }[];
}

export function MemberConsents(props: { base: string }) {
  const { t, date } = useI18n();
  const consents = useResource(
    (signal) => api.get<Consents>(`${props.base}/consents`, { signal }),
    [props.base],
  );
  if (consents.error) return <ErrorState error={consents.error} onRetry={consents.reload} />;
  if (!consents.data) return <Loading />;
  const { current, history } = consents.data;
  if (history.length === 0) return <EmptyState title={t('member.consentsEmpty')} />;
  const status = (s: Status) => (
    <span className={s === 'granted' ? 'badge badge-success' : 'badge badge-danger'}>
      {t(`consent.status.${s}`)}
    </span>
  );
  return (
    <>
      <h3>{t('member.consentsCurrent')}</h3>
      <div className="table-wrap">
        <table className="data stack" data-testid="consents-current">
          <caption className="sr-only">{t('member.consentsCurrent')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('consent.channel')}</th>
              <th scope="col">{t('consent.purpose')}</th>
              <th scope="col">{t('consent.status')}</th>
              <th scope="col">{t('consent.source')}</th>
              <th scope="col">{t('member.when')}</th>
            </tr>
          </thead>
          <tbody>
            {current.map((c) => (
              <tr key={`${c.channel}-${c.purpose}`}>
                <td data-label={t('consent.channel')}>{t(`consent.channel.${c.channel}`)}</td>
                <td data-label={t('consent.purpose')}>{t(`consent.purpose.${c.purpose}`)}</td>
                <td data-label={t('consent.status')}>{status(c.status)}</td>
                <td data-label={t('consent.source')}>{labelOf(t, 'consent.sourceName', c.source)}</td>
                <td data-label={t('member.when')}>{date(c.recordedAt, 'dateTime')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('member.consentsHistory')}</h3>
      <div className="table-wrap">
        <table className="data stack" data-testid="consents-history">
          <caption className="sr-only">{t('member.consentsHistory')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('member.when')}</th>
              <th scope="col">{t('consent.channel')}</th>
              <th scope="col">{t('consent.status')}</th>
              <th scope="col">{t('consent.source')}</th>
              <th scope="col">{t('consent.textShown')}</th>
              <th scope="col">{t('consent.ip')}</th>
              <th scope="col">{t('consent.recordedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td data-label={t('member.when')}>{date(h.recordedAt, 'dateTime')}</td>
                <td data-label={t('consent.channel')}>
                  {t(`consent.channel.${h.channel}`)} · {t(`consent.purpose.${h.purpose}`)}
                </td>
                <td data-label={t('consent.status')}>{status(h.status)}</td>
                <td data-label={t('consent.source')}>{labelOf(t, 'consent.sourceName', h.source)}</td>
                <td data-label={t('consent.textShown')}>{h.textShown ?? '—'}</td>
                <td data-label={t('consent.ip')}>
                  <span className="ltr">{h.ip ?? '—'}</span>
                </td>
                <td data-label={t('consent.recordedBy')}>
                  <span className="ltr">{h.recordedBy ?? '—'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
