// The program's sending domains: add one, the DKIM record to publish, and the deliverability check.
import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { TextField } from '../../../shared/components/forms.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import type { MessageKey } from '../../../shared/i18n/catalogues.ts';
import { useProgram } from '../../session.tsx';
import type {
  CheckStatusValue,
  Deliverability,
  DnsCheckResult,
  SendingDomain,
} from '../../../../../src/contracts/sending.ts';

const BADGE: Record<CheckStatusValue, string> = {
  pass: 'badge-success',
  warn: 'badge-warning',
  fail: 'badge-danger',
};

function StatusBadge(props: { status: CheckStatusValue }) {
  const { t } = useI18n();
  return <span className={`badge ${BADGE[props.status]}`}>{t(`sending.status.${props.status}`)}</span>;
}

export function Domains() {
  const { t } = useI18n();
  const program = useProgram();
  const domains = useResource(
    (signal) => api.get<{ items: SendingDomain[] }>(program.api('/sending-domains'), { signal }),
    [program.programId],
  );
  const [error, setError] = useState<unknown>();
  const [checked, setChecked] = useState<Deliverability>();
  const [checking, setChecking] = useState<string>();

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setError(undefined);
    try {
      await api.post(program.api('/sending-domains'), {
        domain: String(new FormData(form).get('domain') ?? '').trim(),
      });
      form.reset();
      domains.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function check(domain: SendingDomain) {
    setError(undefined);
    setChecking(domain.id);
    try {
      setChecked(await api.get<Deliverability>(program.api(`/sending-domains/${domain.id}/deliverability`)));
    } catch (err) {
      setError(err);
    } finally {
      setChecking(undefined);
    }
  }

  async function remove(domain: SendingDomain) {
    if (!window.confirm(t('sending.removeConfirm', { domain: domain.domain }))) return;
    try {
      await api.delete(program.api(`/sending-domains/${domain.id}`));
      if (checked?.domain === domain.domain) setChecked(undefined);
      domains.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="sending-domains">
      <h2 id="sending-domains">{t('sending.domainsTitle')}</h2>
      <p>{t('sending.domainsIntro')}</p>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {domains.error ? (
        <ErrorState error={domains.error} onRetry={domains.reload} />
      ) : !domains.data ? (
        <Loading />
      ) : domains.data.items.length === 0 ? (
        <EmptyState title={t('sending.noDomains')} />
      ) : (
        domains.data.items.map((d) => (
          <div key={d.id} className="sending-domain" data-testid={`domain-${d.domain}`}>
            <h3>
              <bdi className="ltr">{d.domain}</bdi>
            </h3>
            <dl className="dkim-record">
              <dt>{t('sending.recordName')}</dt>
              <dd>
                <code className="ltr">{d.dkimRecord.name}</code>
              </dd>
              <dt>{t('sending.recordType')}</dt>
              <dd>
                <code className="ltr">{d.dkimRecord.type}</code>
              </dd>
              <dt>{t('sending.recordValue')}</dt>
              <dd>
                <code className="ltr" style={{ wordBreak: 'break-all' }} data-testid="dkim-value">
                  {d.dkimRecord.value}
                </code>
              </dd>
            </dl>
            <div className="btn-row">
              <button
                type="button"
                className="btn"
                onClick={() => void navigator.clipboard?.writeText(d.dkimRecord.value)}
              >
                {t('common.copy')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                disabled={checking === d.id}
                onClick={() => void check(d)}
              >
                {t('sending.check')}
              </button>
              {program.can('messaging:write') && (
                <button type="button" className="btn btn-danger" onClick={() => void remove(d)}>
                  {t('sending.remove')}
                </button>
              )}
            </div>
            {checked?.domain === d.domain && <Panel result={checked} />}
          </div>
        ))
      )}
      {program.can('messaging:write') && (
        <form onSubmit={add} className="form-inline">
          <TextField label={t('sending.domain')} name="domain" required maxLength={253} dir="ltr" />
          <button type="submit" className="btn btn-primary">
            {t('sending.addDomain')}
          </button>
        </form>
      )}
    </section>
  );
}

function Panel(props: { result: Deliverability }) {
  const { t, number } = useI18n();
  const { complaints } = props.result;
  const rows: [string, DnsCheckResult][] = [
    ['SPF', props.result.spf],
    ['DKIM', props.result.dkim],
    ['DMARC', props.result.dmarc],
  ];
  return (
    <div className="deliverability" data-testid="deliverability" aria-live="polite">
      <h4>{t('sending.panelTitle', { domain: props.result.domain })}</h4>
      <table className="data stack">
        <tbody>
          {rows.map(([label, check]) => (
            <tr key={label} data-testid={`check-${label}`}>
              <th scope="row">
                <span className="ltr">{label}</span>
              </th>
              <td>
                <StatusBadge status={check.status} />
              </td>
              <td>
                <p>{t(`sending.reason.${check.reason}` as MessageKey)}</p>
                <p>
                  {check.record ? (
                    <>
                      {t('sending.found', { record: '' })}
                      <code className="ltr" style={{ wordBreak: 'break-all' }}>
                        {check.record}
                      </code>
                    </>
                  ) : (
                    t('sending.nothingFound', { name: check.name })
                  )}
                </p>
              </td>
            </tr>
          ))}
          <tr data-testid="check-complaints">
            <th scope="row">{t('sending.complaintsTitle', { days: complaints.windowDays })}</th>
            <td>
              <StatusBadge status={complaints.status} />
            </td>
            <td>
              {complaints.rate === null
                ? t('sending.complaintsNone', { days: complaints.windowDays })
                : t('sending.complaints', {
                    complaints: complaints.complaints,
                    sent: complaints.sent,
                    rate: number(complaints.rate, { style: 'percent', maximumFractionDigits: 2 }),
                  })}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
