// "Review and send": the saved draft's own audience asked of the contact policy (GET …/campaigns/{id}/preview)
// — who will get it, who is deferred or not sent and why, the holdout and the A/B split, a few recipients — with
// a test send of a variant's template and the Send / Schedule button behind a confirmation (docs/campaigns.md).
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { outcomeLabel, reasonLabel } from '../../../shared/why-not-sent.ts';
import { useProgram } from '../../session.tsx';
import { actionError } from './CampaignSending.tsx';
import { Figure } from './ContactPolicy.tsx';
import type { Campaign, CampaignPreview } from './types.ts';

export function CampaignReview(props: {
  campaign: Campaign;
  /** Changes each time the draft is saved: the preview is asked again. */
  version: number;
  /** The form has changes not saved yet: the preview would not be what is sent. */
  dirty: boolean;
  onLaunched(): void;
}) {
  const { t } = useI18n();
  const program = useProgram();
  const id = props.campaign.id;
  const preview = useResource(
    (signal) => api.get<CampaignPreview>(program.api(`/campaigns/${id}/preview?sample=5`), { signal }),
    [program.programId, id, props.version],
  );
  return (
    <section aria-labelledby="review-title" data-testid="campaign-review" className="card">
      <h2 id="review-title">{t('review.title')}</h2>
      <p className="muted">{t('review.intro')}</p>
      {props.dirty && <Notice kind="info">{t('review.saveFirst')}</Notice>}
      {preview.error ? (
        <ErrorState error={preview.error} onRetry={preview.reload} />
      ) : !preview.data ? (
        <Loading />
      ) : preview.data.audience === 0 ? (
        <EmptyState title={t('review.empty')} />
      ) : (
        <>
          <PreviewFigures preview={preview.data} />
          {program.can('messaging:write') && (
            <>
              <TestSend campaign={props.campaign} />
              <Launch
                campaign={props.campaign}
                recipients={preview.data.outcomes.send + preview.data.outcomes.deferred}
                disabled={props.dirty}
                onLaunched={props.onLaunched}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

function PreviewFigures(props: { preview: CampaignPreview }) {
  const { t, number, date } = useI18n();
  const p = props.preview;
  const holdout = p.reasons.find((r) => r.reason === 'holdout')?.count ?? 0;
  return (
    <div aria-live="polite">
      <p>
        {p.decidedAt
          ? t('review.decidedAt', { time: date(p.decidedAt, 'dateTime') })
          : t('review.decidedLocal')}
      </p>
      <div className="kpis">
        <Figure id="review-audience" label={t('campaigns.count.audience')} value={number(p.audience)} />
        <Figure id="review-send" label={t('review.send')} value={number(p.outcomes.send)} />
        <Figure id="review-deferred" label={t('review.deferred')} value={number(p.outcomes.deferred)} />
        <Figure
          id="review-not-sent"
          label={t('review.notSent')}
          value={number(p.outcomes.skipped + p.outcomes.suppressed)}
        />
        {holdout > 0 && <Figure id="review-holdout" label={t('review.holdout')} value={number(holdout)} />}
      </div>
      {p.reasons.length === 0 ? (
        <p>{t('review.nobodyHeld')}</p>
      ) : (
        <table className="data" data-testid="review-why">
          <caption>{t('review.why')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.outcome')}</th>
              <th scope="col">{t('policy.previewReason')}</th>
              <th scope="col">{t('results.count')}</th>
            </tr>
          </thead>
          <tbody>
            {p.reasons.map((r) => (
              <tr key={`${r.outcome}-${r.reason}`}>
                <td>{outcomeLabel(t, r.outcome)}</td>
                <td>{reasonLabel(t, r.reason)}</td>
                <td className="num">{number(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.deferred.earliest && p.deferred.latest && (
        <p data-testid="review-until">
          {t('review.until', {
            earliest: date(p.deferred.earliest, 'dateTime'),
            latest: date(p.deferred.latest, 'dateTime'),
          })}
        </p>
      )}
      {p.variants.length > 1 || p.variants.some((v) => v.key === 'unassigned') ? (
        <table className="data" data-testid="review-split">
          <caption>{t('review.split')}</caption>
          <tbody>
            {p.variants.map((v) => (
              <tr key={v.key}>
                <th scope="row">
                  {v.key === 'unassigned' ? t('review.unassigned') : t('review.variant', { key: v.key })}
                </th>
                <td className="num">{number(v.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {p.sample.length > 0 && (
        <table className="data" data-testid="review-sample">
          <caption>{t('review.sample')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('review.recipient')}</th>
              <th scope="col">{t('review.address')}</th>
              <th scope="col">{t('results.outcome')}</th>
              <th scope="col">{t('policy.previewReason')}</th>
              <th scope="col">{t('results.variant')}</th>
            </tr>
          </thead>
          <tbody>
            {p.sample.map((r) => (
              <tr key={r.memberId}>
                <td>{r.name || '—'}</td>
                <td>
                  <bdi dir="ltr">{r.to || '—'}</bdi>
                </td>
                <td>{outcomeLabel(t, r.outcome)}</td>
                <td>
                  {reasonLabel(t, r.reason)}
                  {r.until && <span className="muted"> · {date(r.until, 'dateTime')}</span>}
                </td>
                <td>{r.variant === 'unassigned' ? t('review.unassigned') : (r.variant ?? '—')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** A variant's template sent to one address through the normal send path (POST …/templates/{id}/test-send). */
function TestSend(props: { campaign: Campaign }) {
  const { t, locale } = useI18n();
  const program = useProgram();
  const variants = props.campaign.variants;
  const [to, setTo] = useState('');
  const [key, setKey] = useState(variants[0]?.key ?? 'A');
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const variant = variants.find((v) => v.key === key) ?? variants[0];
    if (!variant) return;
    setBusy(true);
    setError(undefined);
    setSent(undefined);
    try {
      await api.post(
        program.api(`/templates/${variant.templateId}/test-send`),
        { to: to.trim(), locale },
        { idempotencyKey: newIdempotencyKey() },
      );
      setSent(to.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void send(e)} data-testid="review-test-send">
      <h3>{t('review.testTitle')}</h3>
      {sent && <Notice kind="success">{t('review.testSent', { to: sent })}</Notice>}
      {error !== undefined && <Notice kind="error">{actionError(error, t)}</Notice>}
      <div className="form-grid">
        <TextField
          label={t('review.testTo')}
          type="email"
          required
          dir="ltr"
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
        />
        {variants.length > 1 && (
          <SelectField
            label={t('review.testVariant')}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            options={variants.map((v) => ({
              value: v.key ?? '',
              label: t('review.variant', { key: v.key ?? '' }),
            }))}
          />
        )}
      </div>
      <button type="submit" className="btn" disabled={busy}>
        {t('review.testSend')}
      </button>
    </form>
  );
}

/** Send now or schedule, after a confirmation that says to how many. */
function Launch(props: { campaign: Campaign; recipients: number; disabled: boolean; onLaunched(): void }) {
  const { t } = useI18n();
  const program = useProgram();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const now = props.campaign.schedule.kind === 'now';
  async function launch() {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(program.api(`/campaigns/${props.campaign.id}/launch`), undefined, {
        idempotencyKey: newIdempotencyKey(),
      });
      props.onLaunched();
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="review-launch">
      {error !== undefined && <Notice kind="error">{actionError(error, t)}</Notice>}
      {confirming ? (
        <div role="alertdialog" aria-labelledby="launch-question" className="notice notice-info">
          <p id="launch-question">
            {t(now ? 'review.confirmNow' : 'review.confirmSchedule', { count: props.recipients })}
          </p>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void launch()}>
              {t(now ? 'review.confirm' : 'review.confirmScheduleButton')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setConfirming(false)}>
              {t('review.back')}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="btn btn-primary"
          disabled={props.disabled || props.recipients === 0}
          onClick={() => setConfirming(true)}
        >
          {t(now ? 'review.sendNow' : 'review.schedule')}
        </button>
      )}
    </div>
  );
}
