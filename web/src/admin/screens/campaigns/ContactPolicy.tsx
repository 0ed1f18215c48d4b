// The program's contact-pressure policy: caps per day/week/month, quiet hours, rest days and what a campaign does
// with what exceeds them — with a preview, for a list, of what the policy on the screen (saved or not) would
// send now, defer and drop, and why (docs/contact-policy.md).
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { CheckboxField, SelectField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import {
  CAP_WINDOWS,
  HOLD_REASONS,
  REST_DAYS,
  type ContactPolicy as Policy,
  type PolicyPreview,
  type PolicyView,
} from './types.ts';

/** The policy as the form shows it: empty cap fields are "no cap". */
function policyFromForm(form: HTMLFormElement): Policy {
  const data = new FormData(form);
  const cap = (name: string) => {
    const value = String(data.get(name) ?? '').trim();
    return value === '' ? null : Number(value);
  };
  return {
    caps: { day: cap('cap-day'), week: cap('cap-week'), month: cap('cap-month') },
    quietHours:
      data.get('quiet') === 'on'
        ? { start: String(data.get('quietStart') ?? ''), end: String(data.get('quietEnd') ?? '') }
        : null,
    restDays: REST_DAYS.filter((d) => data.get(`rest-${d}`) === 'on'),
    onExceed: data.get('onExceed') === 'drop' ? 'drop' : 'defer',
  };
}

export function ContactPolicy() {
  const { t } = useI18n();
  const program = useProgram();
  const policy = useResource(
    (signal) => api.get<PolicyView>(program.api('/contact-policy'), { signal }),
    [program.programId],
  );
  // Kept here: saving reloads the policy, and the form starts anew from what was saved.
  const [saved, setSaved] = useState(false);
  return (
    <>
      <PageHead title={t('nav.contactPolicy')} />
      <p className="lead">{t('policy.intro')}</p>
      {policy.error ? (
        <ErrorState error={policy.error} onRetry={policy.reload} />
      ) : !policy.data ? (
        <Loading />
      ) : (
        <PolicyForm
          key={JSON.stringify(policy.data.policy)}
          view={policy.data}
          saved={saved}
          onSaving={() => setSaved(false)}
          onSaved={() => {
            setSaved(true);
            policy.reload();
          }}
        />
      )}
    </>
  );
}

function PolicyForm(props: { view: PolicyView; saved: boolean; onSaving: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const program = useProgram();
  const canWrite = program.can('messaging:write');
  // A program that never saved one starts from the policy suggested for its region.
  const initial = props.view.saved ? props.view.policy : props.view.suggested;
  const [quiet, setQuiet] = useState(initial.quietHours !== null);
  const [error, setError] = useState<unknown>();
  const [form, setForm] = useState<HTMLFormElement | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    props.onSaving();
    try {
      await api.put(program.api('/contact-policy'), policyFromForm(event.currentTarget), {
        idempotencyKey: newIdempotencyKey(),
      });
      props.onSaved();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="policy-rules">
        <h2 id="policy-rules">{t('policy.rulesTitle')}</h2>
        {!props.view.saved && <Notice kind="info">{t('policy.notSaved')}</Notice>}
        {props.saved && <Notice kind="success">{t('policy.saved')}</Notice>}
        {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        <form ref={setForm} onSubmit={(e) => void save(e)} data-testid="policy-form">
          <fieldset disabled={!canWrite}>
            <legend>{t('policy.capsTitle')}</legend>
            <p className="hint">{t('policy.capsHint')}</p>
            <div className="form-grid">
              {CAP_WINDOWS.map((w) => (
                <TextField
                  key={w}
                  label={t(`policy.cap.${w}`)}
                  name={`cap-${w}`}
                  type="number"
                  min={1}
                  max={1000}
                  inputMode="numeric"
                  defaultValue={initial.caps[w] ?? ''}
                  placeholder={t('policy.noCap')}
                />
              ))}
            </div>
          </fieldset>
          <fieldset disabled={!canWrite}>
            <legend>{t('policy.quietTitle')}</legend>
            <CheckboxField
              label={t('policy.quietOn')}
              name="quiet"
              checked={quiet}
              onChange={(e) => setQuiet(e.currentTarget.checked)}
            />
            {quiet && (
              <div className="form-grid">
                <TextField
                  label={t('policy.quietStart')}
                  name="quietStart"
                  type="time"
                  required
                  dir="ltr"
                  defaultValue={initial.quietHours?.start ?? '21:00'}
                />
                <TextField
                  label={t('policy.quietEnd')}
                  name="quietEnd"
                  type="time"
                  required
                  dir="ltr"
                  defaultValue={initial.quietHours?.end ?? '09:00'}
                />
              </div>
            )}
            <p className="hint">
              {t('policy.quietHint', { zone: '\u2068' + props.view.timeZone + '\u2069' })}
            </p>
          </fieldset>
          <fieldset disabled={!canWrite}>
            <legend>{t('policy.restTitle')}</legend>
            {REST_DAYS.map((d) => (
              <CheckboxField
                key={d}
                label={t(`policy.rest.${d}`)}
                name={`rest-${d}`}
                defaultChecked={initial.restDays.includes(d)}
              />
            ))}
          </fieldset>
          <fieldset disabled={!canWrite}>
            <legend>{t('policy.exceedTitle')}</legend>
            <SelectField
              label={t('policy.onExceed')}
              name="onExceed"
              defaultValue={initial.onExceed}
              options={[
                { value: 'defer', label: t('policy.exceed.defer') },
                { value: 'drop', label: t('policy.exceed.drop') },
              ]}
              hint={t('policy.exceedHint')}
            />
          </fieldset>
          {canWrite && (
            <button type="submit" className="btn btn-primary">
              {t('policy.save')}
            </button>
          )}
        </form>
      </section>
      <Preview form={form} />
    </>
  );
}

interface ListItem {
  id: string;
  name: string;
}

function Preview(props: { form: HTMLFormElement | null }) {
  const { t } = useI18n();
  const program = useProgram();
  const lists = useResource(
    (signal) => api.get<{ items: ListItem[] }>(program.api('/lists'), { signal }),
    [program.programId],
  );
  const [result, setResult] = useState<PolicyPreview>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!props.form) return;
    const data = new FormData(event.currentTarget);
    setError(undefined);
    setBusy(true);
    try {
      const policy = policyFromForm(props.form);
      setResult(
        await api.post<PolicyPreview>(program.api('/contact-policy/preview'), {
          listId: String(data.get('listId')),
          channel: data.get('channel') === 'sms' ? 'sms' : 'email',
          policy,
          onExceed: policy.onExceed,
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="policy-preview">
      <h2 id="policy-preview">{t('policy.previewTitle')}</h2>
      <p>{t('policy.previewIntro')}</p>
      {lists.error ? (
        <ErrorState error={lists.error} onRetry={lists.reload} />
      ) : !lists.data ? (
        <Loading />
      ) : lists.data.items.length === 0 ? (
        <Notice kind="info">{t('policy.previewNoLists')}</Notice>
      ) : (
        <form onSubmit={(e) => void run(e)} className="form-inline">
          <SelectField
            label={t('policy.previewList')}
            name="listId"
            options={lists.data.items.map((l) => ({ value: l.id, label: l.name }))}
          />
          <SelectField
            label={t('policy.previewChannel')}
            name="channel"
            options={[
              { value: 'email', label: t('policy.channel.email') },
              { value: 'sms', label: t('policy.channel.sms') },
            ]}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('policy.previewRun')}
          </button>
        </form>
      )}
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {result && <PreviewResult result={result} />}
    </section>
  );
}

/** One figure of a preview or a result: a big number over its label. */
export function Figure(props: { id: string; label: string; value: string }) {
  return (
    <div className="card kpi" data-testid={props.id}>
      <div className="value num">{props.value}</div>
      <div className="label">{props.label}</div>
    </div>
  );
}

export function PreviewResult(props: { result: PolicyPreview }) {
  const { t, number, date } = useI18n();
  const r = props.result;
  return (
    <div data-testid="policy-preview-result" aria-live="polite">
      <p>{t('policy.previewAudience', { count: r.audience })}</p>
      <div className="kpis">
        <Figure id="preview-send" label={t('policy.previewSend')} value={number(r.send)} />
        <Figure id="preview-deferred" label={t('policy.previewDeferred')} value={number(r.deferred.count)} />
        <Figure id="preview-dropped" label={t('policy.previewDropped')} value={number(r.dropped.count)} />
      </div>
      {r.deferred.count + r.dropped.count > 0 && (
        <table className="data" data-testid="preview-reasons">
          <caption>{t('policy.previewWhy')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policy.previewReason')}</th>
              <th scope="col">{t('policy.previewDeferred')}</th>
              <th scope="col">{t('policy.previewDropped')}</th>
            </tr>
          </thead>
          <tbody>
            {HOLD_REASONS.filter((k) => r.deferred.byReason[k] + r.dropped.byReason[k] > 0).map((k) => (
              <tr key={k} data-testid={`preview-reason-${k}`}>
                <th scope="row">{t(`policy.reason.${k}`)}</th>
                <td>{number(r.deferred.byReason[k])}</td>
                <td>{number(r.dropped.byReason[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.deferred.earliest && r.deferred.latest && (
        <p data-testid="preview-until">
          {t('policy.previewUntil', {
            earliest: date(r.deferred.earliest, 'dateTime'),
            latest: date(r.deferred.latest, 'dateTime'),
          })}
        </p>
      )}
    </div>
  );
}
