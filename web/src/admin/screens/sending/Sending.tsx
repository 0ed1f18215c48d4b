// E-mail sending: the program's sending domains with the DKIM record to publish and the deliverability panel,
// the SMTP servers for marketing and transactional mail, and the tracking switches.
import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { CheckboxField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import type { MessageKey } from '../../../shared/i18n/catalogues.ts';
import { useProgram } from '../../session.tsx';

interface SendingDomain {
  id: string;
  domain: string;
  selector: string;
  dkimRecord: { name: string; type: 'TXT'; value: string };
}
type Status = 'pass' | 'warn' | 'fail';
interface DnsCheck {
  status: Status;
  name: string;
  record: string | null;
  reason: string;
}
interface Deliverability {
  domain: string;
  spf: DnsCheck;
  dkim: DnsCheck;
  dmarc: DnsCheck;
  complaints: { sent: number; complaints: number; rate: number | null; status: Status; windowDays: number };
}
type Purpose = 'marketing' | 'service';
interface Transport {
  purpose: Purpose;
  host: string;
  fromAddress: string;
  perMinute: number;
  burst: number;
  poolSize: number;
}
interface Tracking {
  trackOpens: boolean;
  trackClicks: boolean;
}

const BADGE: Record<Status, string> = { pass: 'badge-success', warn: 'badge-warning', fail: 'badge-danger' };

function StatusBadge(props: { status: Status }) {
  const { t } = useI18n();
  return <span className={`badge ${BADGE[props.status]}`}>{t(`sending.status.${props.status}`)}</span>;
}

export function Sending() {
  const { t } = useI18n();
  return (
    <>
      <PageHead title={t('nav.sending')} />
      <Domains />
      <Transports />
      <TrackingSettings />
    </>
  );
}

function Domains() {
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
  const rows: [string, DnsCheck][] = [
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

function Transports() {
  const { t } = useI18n();
  const program = useProgram();
  const transports = useResource(
    (signal) => api.get<{ items: Transport[] }>(program.api('/email-transports'), { signal }),
    [program.programId],
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<Purpose>();

  async function save(purpose: Purpose, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(undefined);
    setSaved(undefined);
    try {
      await api.put(program.api(`/email-transports/${purpose}`), {
        smtpUrl: String(data.get('smtpUrl') ?? '').trim(),
        fromAddress: String(data.get('fromAddress') ?? '').trim(),
        perMinute: Number(data.get('perMinute')),
        burst: Number(data.get('burst')),
        poolSize: Number(data.get('poolSize')),
      });
      form.reset();
      setSaved(purpose);
      transports.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="sending-transports">
      <h2 id="sending-transports">{t('sending.transportsTitle')}</h2>
      <p>{t('sending.transportsIntro')}</p>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {transports.error ? (
        <ErrorState error={transports.error} onRetry={transports.reload} />
      ) : !transports.data ? (
        <Loading />
      ) : (
        (['marketing', 'service'] as const).map((purpose) => {
          const current = transports.data!.items.find((x) => x.purpose === purpose);
          return (
            <div key={purpose} data-testid={`transport-${purpose}`}>
              <h3>{t(`sending.purpose.${purpose}`)}</h3>
              {current ? (
                <dl>
                  <dt>{t('sending.server')}</dt>
                  <dd>
                    <code className="ltr">{current.host}</code>
                  </dd>
                  <dt>{t('sending.from')}</dt>
                  <dd>
                    <bdi className="ltr">{current.fromAddress}</bdi>
                  </dd>
                  <dt>{t('sending.limit')}</dt>
                  <dd>{t('sending.limitValue', { perMinute: current.perMinute, burst: current.burst })}</dd>
                </dl>
              ) : (
                <p>{t('sending.notSet')}</p>
              )}
              {saved === purpose && <Notice kind="success">{t('sending.saved')}</Notice>}
              {program.can('messaging:write') && (
                <form onSubmit={(e) => void save(purpose, e)} className="form-grid">
                  <TextField
                    label={t('sending.smtpUrl')}
                    name="smtpUrl"
                    required
                    dir="ltr"
                    maxLength={2000}
                  />
                  <TextField
                    label={t('sending.from')}
                    name="fromAddress"
                    type="email"
                    required
                    dir="ltr"
                    defaultValue={current?.fromAddress}
                  />
                  <TextField
                    label={t('sending.perMinute')}
                    name="perMinute"
                    type="number"
                    min={1}
                    required
                    defaultValue={current?.perMinute ?? 600}
                  />
                  <TextField
                    label={t('sending.burst')}
                    name="burst"
                    type="number"
                    min={1}
                    required
                    defaultValue={current?.burst ?? 50}
                  />
                  <TextField
                    label={t('sending.poolSize')}
                    name="poolSize"
                    type="number"
                    min={1}
                    max={50}
                    required
                    defaultValue={current?.poolSize ?? 5}
                  />
                  <button type="submit" className="btn btn-primary">
                    {t('sending.save')}
                  </button>
                </form>
              )}
            </div>
          );
        })
      )}
    </section>
  );
}

function TrackingSettings() {
  const { t } = useI18n();
  const program = useProgram();
  const tracking = useResource(
    (signal) => api.get<Tracking>(program.api('/email-tracking'), { signal }),
    [program.programId],
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setError(undefined);
    setSaved(false);
    try {
      await api.put(program.api('/email-tracking'), {
        trackOpens: data.get('trackOpens') === 'on',
        trackClicks: data.get('trackClicks') === 'on',
      });
      setSaved(true);
      tracking.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="sending-tracking">
      <h2 id="sending-tracking">{t('sending.trackingTitle')}</h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {saved && <Notice kind="success">{t('sending.saved')}</Notice>}
      {tracking.error ? (
        <ErrorState error={tracking.error} onRetry={tracking.reload} />
      ) : !tracking.data ? (
        <Loading />
      ) : (
        <form onSubmit={save} key={JSON.stringify(tracking.data)}>
          <CheckboxField
            label={t('sending.trackOpens')}
            name="trackOpens"
            defaultChecked={tracking.data.trackOpens}
            disabled={!program.can('messaging:write')}
          />
          <CheckboxField
            label={t('sending.trackClicks')}
            name="trackClicks"
            defaultChecked={tracking.data.trackClicks}
            disabled={!program.can('messaging:write')}
          />
          <p>{t('sending.trackingNote')}</p>
          {program.can('messaging:write') && (
            <button type="submit" className="btn btn-primary">
              {t('sending.save')}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
