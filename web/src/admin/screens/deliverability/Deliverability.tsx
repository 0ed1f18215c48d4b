// Deliverability: suppressed addresses with their reason and the parsed report behind them, the SMS provider,
// and the SMS segment and cost estimate for a text.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../../shared/api.ts';
import { DataTable } from '../../../shared/components/DataTable.tsx';
import { SelectField, TextField, formValues } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { useProgram } from '../../session.tsx';
import type { BounceEvidence, SmsEstimate, SmsSettings, SuppressionRow } from './types.tsx';

export function Evidence(props: { evidence: BounceEvidence }) {
  const { t, date } = useI18n();
  const e = props.evidence;
  const rows: [MessageKey, string | null][] = [
    ['deliv.ev.statusCode', [e.statusCode, e.smtpCode].filter(Boolean).join(' · ') || null],
    ['deliv.ev.diagnostic', e.diagnostic],
    ['deliv.ev.reportingMta', e.reportingMta],
    ['deliv.ev.format', e.format],
    ['deliv.ev.feedbackType', e.feedbackType],
    ['deliv.ev.originalMessageId', e.originalMessageId],
    ['deliv.ev.receivedAt', date(e.receivedAt, 'dateTime')],
  ];
  return (
    <details data-testid="evidence">
      <summary>{t('deliv.evidenceShow')}</summary>
      <dl>
        {rows
          .filter(([, v]) => v)
          .map(([label, value]) => (
            <div key={label}>
              <dt className="muted">{t(label)}</dt>
              {/* Server words and ids are Latin text: keep them left to right inside an RTL page. */}
              <dd dir="ltr" style={{ marginInlineStart: 0, textAlign: 'start' }}>
                {value}
              </dd>
            </div>
          ))}
      </dl>
    </details>
  );
}

function Suppressions() {
  const { t, date } = useI18n();
  const program = useProgram();
  const [reason, setReason] = useState('');
  return (
    <section className="card" aria-labelledby="suppressions-title">
      <h2 id="suppressions-title">{t('deliv.suppressions')}</h2>
      <SelectField
        label={t('deliv.filterReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        options={[
          { value: '', label: t('deliv.filterAll') },
          ...(['bounce', 'complaint', 'unsubscribe', 'manual'] as const).map((r) => ({
            value: r,
            label: t(`deliv.reason.${r}`),
          })),
        ]}
      />
      <div data-testid="suppressions">
        <DataTable<SuppressionRow>
          caption={t('deliv.suppressions')}
          resetKey={reason}
          rowKey={(s) => `${s.channel}:${s.address}`}
          emptyTitle={t('deliv.suppressionsEmpty')}
          fetchPage={(cursor, signal) =>
            api.get(
              program.api(`/suppressions${query({ reason: reason || undefined, limit: 20, cursor })}`),
              {
                signal,
              },
            )
          }
          columns={[
            {
              key: 'address',
              header: t('deliv.address'),
              render: (s) => <span className="ltr">{s.address}</span>,
            },
            {
              key: 'reason',
              header: t('deliv.reason'),
              render: (s) => (
                <span className="badge badge-danger">{labelOf(t, 'deliv.reason', s.reason)}</span>
              ),
            },
            {
              key: 'source',
              header: t('deliv.source'),
              render: (s) => <span className="ltr">{s.source ?? '—'}</span>,
            },
            { key: 'since', header: t('deliv.since'), render: (s) => date(s.createdAt, 'dateTime') },
            {
              key: 'evidence',
              header: t('deliv.evidence'),
              render: (s) => (s.evidence ? <Evidence evidence={s.evidence} /> : '—'),
            },
          ]}
        />
      </div>
    </section>
  );
}

function SmsEstimator() {
  const { t, money } = useI18n();
  const program = useProgram();
  const [text, setText] = useState('');
  const estimate = useResource(
    (signal) => api.post<SmsEstimate>(program.api('/sms/estimate'), { text }, { signal }),
    [text],
  );
  const e = estimate.data;
  return (
    <section className="card" aria-labelledby="estimator-title">
      <h2 id="estimator-title">{t('deliv.estimator')}</h2>
      <label htmlFor="sms-estimate-text">{t('deliv.estimatorText')}</label>
      <textarea
        id="sms-estimate-text"
        dir="auto"
        rows={4}
        value={text}
        onChange={(ev) => setText(ev.target.value)}
        style={{ width: '100%' }}
      />
      {estimate.error ? (
        <ErrorState error={estimate.error} onRetry={estimate.reload} />
      ) : !e ? (
        <Loading />
      ) : (
        <div data-testid="sms-estimate" aria-live="polite">
          <p>
            {t('deliv.estimate', {
              segments: e.segments,
              units: e.units,
              capacity: e.segments * e.perSegment || e.perSegment,
              encoding: t(`deliv.encoding.${e.encoding}`),
              cost: money(e.costMinor, e.currency),
            })}
          </p>
          {e.segments > 0 && <p className="muted">{t('deliv.remaining', { remaining: e.remaining })}</p>}
          {e.nonGsmCharacters.length > 0 && (
            <p className="muted">{t('deliv.nonGsm', { chars: e.nonGsmCharacters.slice(0, 12).join(' ') })}</p>
          )}
        </div>
      )}
    </section>
  );
}

function SmsSettingsForm() {
  const { t } = useI18n();
  const program = useProgram();
  const settings = useResource(
    (signal) => api.get<SmsSettings>(program.api('/sms-settings'), { signal }),
    [],
  );
  const [provider, setProvider] = useState<SmsSettings['provider'] | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (settings.error) return <ErrorState error={settings.error} onRetry={settings.reload} />;
  if (!settings.data) return <Loading />;
  const s = settings.data;
  const chosen = provider ?? s.provider;
  const canWrite = program.can('messaging:write');
  const submit = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const v = formValues(ev.currentTarget);
    setSaved(false);
    setError(null);
    try {
      await api.put(program.api('/sms-settings'), {
        provider: chosen,
        sender: v.sender ?? null,
        webhookUrl: v.webhookUrl ?? null,
        twilioAccountSid: v.twilioAccountSid ?? null,
        ...(v.twilioAuthToken ? { twilioAuthToken: v.twilioAuthToken } : {}),
        costPerSegmentMinor: Number(v.costPerSegmentMinor ?? 0),
      });
      setSaved(true);
      settings.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="sms-title">
      <h2 id="sms-title">{t('deliv.sms')}</h2>
      <form onSubmit={submit} data-testid="sms-settings">
        <fieldset disabled={!canWrite} style={{ border: 0, padding: 0 }}>
          <SelectField
            label={t('deliv.smsProvider')}
            name="provider"
            value={chosen}
            onChange={(e) => setProvider(e.target.value as SmsSettings['provider'])}
            options={(['outbox', 'webhook', 'twilio'] as const).map((p) => ({
              value: p,
              label: t(`deliv.smsProvider.${p}`),
            }))}
          />
          {chosen !== 'outbox' && (
            <TextField label={t('deliv.smsSender')} name="sender" dir="ltr" defaultValue={s.sender ?? ''} />
          )}
          {chosen === 'webhook' && (
            <TextField
              label={t('deliv.smsWebhookUrl')}
              name="webhookUrl"
              type="url"
              dir="ltr"
              defaultValue={s.webhookUrl ?? ''}
            />
          )}
          {chosen === 'twilio' && (
            <>
              <TextField
                label={t('deliv.smsAccountSid')}
                name="twilioAccountSid"
                dir="ltr"
                defaultValue={s.twilioAccountSid ?? ''}
              />
              <TextField
                label={t('deliv.smsAuthToken')}
                name="twilioAuthToken"
                type="password"
                dir="ltr"
                autoComplete="off"
                hint={s.twilioAuthTokenSet ? t('deliv.smsAuthTokenSet') : undefined}
              />
              {s.twilioStatusCallbackUrl && (
                <p className="muted">
                  {t('deliv.smsCallback')}: <span className="ltr">{s.twilioStatusCallbackUrl}</span>
                </p>
              )}
            </>
          )}
          <TextField
            label={t('deliv.smsCost')}
            name="costPerSegmentMinor"
            type="number"
            min={0}
            inputMode="numeric"
            defaultValue={String(s.costPerSegmentMinor)}
          />
          {error ? <Notice kind="error">{errorMessage(error, t)}</Notice> : null}
          {saved && <Notice kind="success">{t('deliv.saved')}</Notice>}
          <button type="submit" className="btn btn-primary">
            {t('deliv.save')}
          </button>
        </fieldset>
      </form>
    </section>
  );
}

export function Deliverability() {
  const { t } = useI18n();
  return (
    <>
      <PageHead title={t('deliv.title')} />
      <Suppressions />
      <SmsEstimator />
      <SmsSettingsForm />
    </>
  );
}
