// A launched campaign while it goes out: where every message of its audience is (sent, deferred, not sent,
// failed, still to send; GET …/campaigns/{id}/accounting) as one bar, refreshed every few seconds while it is
// sending; pause, resume and cancel; the A/B winner picked by hand; and every message not sent (yet) with its
// reason in words. A refusal (409 invalid_campaign_state) is said in words too (docs/campaigns.md).
import { useEffect, useState } from 'react';
import { api, ApiError, newIdempotencyKey } from '../../../shared/api.ts';
import { SelectField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { hasMessage, useI18n, type I18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { Accounting, Campaign, CampaignState, Progress } from './types.ts';
import { WhyNotSentTable } from './WhyNotSentTable.tsx';

/** How often a campaign that is still going is read again. */
export const REFRESH_MS = 2000;
const ACTIVE: readonly CampaignState[] = ['scheduled', 'sending', 'paused', 'awaiting_winner'];
const PAUSABLE: readonly CampaignState[] = ['scheduled', 'sending', 'awaiting_winner'];

/** An action's error in words; a refusal names the action and the state the campaign is in. */
export function actionError(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError && error.code === 'invalid_campaign_state') {
    const action = `sending.action.${String(error.details.action)}`;
    const state = `campaigns.state.${String(error.details.state)}`;
    if (hasMessage(action) && hasMessage(state))
      return t('sending.refused', { action: t(action), state: t(state) });
  }
  return errorMessage(error, t);
}

interface Slice {
  id: string;
  value: number;
  color: string;
}

function slices(p: Progress): Slice[] {
  return [
    { id: 'sent', value: p.sent, color: 'var(--c-success)' },
    { id: 'deferred', value: p.deferred, color: 'var(--c-warning)' },
    { id: 'skipped', value: p.skipped + p.suppressed, color: 'var(--c-muted)' },
    { id: 'failed', value: p.failed, color: 'var(--c-danger)' },
    { id: 'pending', value: p.queued + p.sending, color: 'var(--c-border)' },
  ];
}

/** The audience as one bar: sent, deferred, not sent, failed and what is still to send, each its share. */
function SendingBar(props: { progress: Progress }) {
  const { t, number } = useI18n();
  const p = props.progress;
  const done = p.sent + p.failed + p.suppressed + p.skipped;
  const label = t('sending.progress', { done: number(done), audience: number(p.audience) });
  const parts = slices(p);
  return (
    <div data-testid="sending-progress">
      <p>{label}</p>
      <div
        className="progress"
        style={{ display: 'flex' }}
        role="progressbar"
        aria-label={t('sending.title')}
        aria-valuemin={0}
        aria-valuemax={p.audience}
        aria-valuenow={done}
        aria-valuetext={label}
      >
        {p.audience > 0 &&
          parts
            .filter((s) => s.id !== 'pending' && s.value > 0)
            .map((s) => (
              <span
                key={s.id}
                style={{
                  inlineSize: `${(s.value / p.audience) * 100}%`,
                  background: s.color,
                  borderRadius: 0,
                }}
              />
            ))}
      </div>
      <ul className="btn-row" style={{ listStyle: 'none', paddingInlineStart: 0 }}>
        {parts.map((s) => (
          <li key={s.id} data-testid={`sending-${s.id}`}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                inlineSize: '0.8em',
                blockSize: '0.8em',
                background: s.color,
                borderRadius: 2,
                marginInlineEnd: '0.3em',
              }}
            />
            {t(`sending.legend.${s.id as 'sent'}`)}: <span className="num">{number(s.value)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CampaignSending(props: { campaign: Campaign; onChange(): void }) {
  const { t } = useI18n();
  const program = useProgram();
  const id = props.campaign.id;
  const data = useResource(
    (signal) =>
      Promise.all([
        api.get<Campaign>(program.api(`/campaigns/${id}`), { signal }),
        api.get<Accounting>(program.api(`/campaigns/${id}/accounting`), { signal }),
      ]),
    [program.programId, id],
  );
  const campaign = data.data?.[0] ?? props.campaign;
  const active = ACTIVE.includes(campaign.state);
  const { reload } = data;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, reload]);
  // The page around shows what the state allows (results once sent): tell it when the state changes.
  const { onChange } = props;
  useEffect(() => {
    if (campaign.state !== props.campaign.state) onChange();
  }, [campaign.state, props.campaign.state, onChange]);

  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [variant, setVariant] = useState(campaign.variants[0]?.key ?? 'A');
  async function act(action: 'pause' | 'resume' | 'cancel' | 'winner', body?: unknown) {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(program.api(`/campaigns/${id}/${action}`), body, {
        idempotencyKey: newIdempotencyKey(),
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setConfirmCancel(false);
      reload();
    }
  }

  if (data.error && !data.data) return <ErrorState error={data.error} onRetry={reload} />;
  if (!data.data) return <Loading />;
  const accounting = data.data[1];
  const canWrite = program.can('messaging:write');
  const winnerOpen =
    canWrite &&
    campaign.abTest !== null &&
    campaign.winner === null &&
    active &&
    campaign.variants.length > 1;
  return (
    <section aria-labelledby="sending-title" data-testid="campaign-sending" className="card">
      <h2 id="sending-title">
        {t('sending.title')}{' '}
        <span className="badge" data-testid="sending-state">
          {t(`campaigns.state.${campaign.state}`)}
        </span>
      </h2>
      {error !== undefined && <Notice kind="error">{actionError(error, t)}</Notice>}
      {data.error && <Notice kind="error">{errorMessage(data.error, t)}</Notice>}
      {accounting.audience === 0 && campaign.state === 'scheduled' ? (
        <p className="muted">{t('sending.notRecorded')}</p>
      ) : (
        <SendingBar progress={accounting.totals} />
      )}
      {canWrite && active && (
        <div className="btn-row">
          {PAUSABLE.includes(campaign.state) && (
            <button type="button" className="btn" disabled={busy} onClick={() => void act('pause')}>
              {t('sending.pause')}
            </button>
          )}
          {campaign.state === 'paused' && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void act('resume')}
            >
              {t('sending.resume')}
            </button>
          )}
          {!confirmCancel && (
            <button type="button" className="btn" disabled={busy} onClick={() => setConfirmCancel(true)}>
              {t('sending.cancel')}
            </button>
          )}
        </div>
      )}
      {confirmCancel && (
        <div role="alertdialog" aria-labelledby="cancel-question" className="notice notice-error">
          <p id="cancel-question">{t('sending.confirmCancel')}</p>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy}
              onClick={() => void act('cancel')}
            >
              {t('sending.confirmCancelButton')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmCancel(false)}>
              {t('sending.keep')}
            </button>
          </div>
        </div>
      )}
      {campaign.abTest && (
        <div data-testid="sending-winner">
          <h3>{t('sending.winnerTitle')}</h3>
          {campaign.winner ? (
            <p>
              {t('sending.winnerPicked', {
                variant: campaign.winner.variant,
                source: campaign.winner.source,
              })}
            </p>
          ) : (
            winnerOpen && (
              <div className="form-grid">
                <SelectField
                  label={t('sending.winnerVariant')}
                  value={variant}
                  onChange={(e) => setVariant(e.currentTarget.value)}
                  options={campaign.variants.map((v) => ({
                    value: v.key ?? '',
                    label: t('review.variant', { key: v.key ?? '' }),
                  }))}
                />
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={() => void act('winner', { variant })}
                >
                  {t('sending.pickWinner')}
                </button>
              </div>
            )
          )}
        </div>
      )}
      {accounting.reasons.length > 0 && (
        <WhyNotSentTable caption={t('sending.why')} rows={accounting.reasons} testId="sending-why" />
      )}
    </section>
  );
}
