// The portal's rewards: the catalog (what this member can redeem, and why not), redeem with a confirmation,
// and the member's coupons with a QR code and barcode to show at the till.
import { useState } from 'react';
import { api } from '../shared/api.ts';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../shared/components/states.tsx';
import { useResource } from '../shared/hooks.ts';
import { useI18n, type MessageKey } from '../shared/i18n/index.tsx';
import { CouponCodes } from '../shared/rewards/CouponCodes.tsx';
import type { PortalCoupon, PortalReward } from './types-rewards.ts';

export function PortalRewards(props: { currency: string; onRedeemed(): void }) {
  const { t, number, locale } = useI18n();
  const catalog = useResource(
    (signal) =>
      api.get<{ available: number; items: PortalReward[] }>(`/api/portal/rewards?locale=${locale}`, {
        signal,
      }),
    [locale],
  );
  const coupons = useResource(
    (signal) => api.get<{ items: PortalCoupon[] }>(`/api/portal/coupons?locale=${locale}`, { signal }),
    [locale],
  );
  const [confirming, setConfirming] = useState<PortalReward>();
  const [result, setResult] = useState<{ ok?: boolean; error?: unknown }>();
  const [busy, setBusy] = useState(false);

  async function redeem(reward: PortalReward) {
    setBusy(true);
    try {
      await api.post(`/api/portal/rewards/${reward.id}/redeem`, undefined, {
        idempotencyKey: crypto.randomUUID(),
      });
      setResult({ ok: true });
      setConfirming(undefined);
      catalog.reload();
      coupons.reload();
      props.onRedeemed();
    } catch (error) {
      setResult({ error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="card" aria-labelledby="rewards-title" data-testid="portal-rewards">
        <h2 id="rewards-title">{t('rewards.catalog')}</h2>
        {result?.ok && <Notice kind="success">{t('rewards.redeemed')}</Notice>}
        {result?.error !== undefined && <Notice kind="error">{errorMessage(result.error, t)}</Notice>}
        {catalog.loading && !catalog.data && <Loading />}
        {catalog.error && <ErrorState error={catalog.error} onRetry={catalog.reload} />}
        {catalog.data && catalog.data.items.length === 0 && <EmptyState title={t('rewards.catalogEmpty')} />}
        <ul className="reward-list">
          {catalog.data?.items.map((r) => (
            <li key={r.id} className="reward" data-reward={r.name} data-can-redeem={r.canRedeem}>
              {r.imageUrl && <img src={r.imageUrl} alt="" width={64} height={64} />}
              <div className="reward-text">
                <strong>{r.name}</strong>
                {r.description && <p className="muted">{r.description}</p>}
                {r.terms && <p className="muted hint">{r.terms}</p>}
                {r.stockLeft !== null && (
                  <p className="hint">{t('rewards.stockLeft', { count: number(r.stockLeft) })}</p>
                )}
              </div>
              <div className="reward-action">
                <span className="num">
                  {r.cost === 0 ? t('rewards.free') : t('rewards.cost', { points: number(r.cost) })}
                </span>
                {r.canRedeem ? (
                  <button type="button" className="btn btn-primary" onClick={() => setConfirming(r)}>
                    {t('rewards.redeem')}
                  </button>
                ) : (
                  <span className="badge">{t(`rewards.reason.${r.reason}` as MessageKey)}</span>
                )}
              </div>
            </li>
          ))}
        </ul>
        {confirming && (
          <div role="dialog" aria-modal="true" aria-labelledby="confirm-title" className="card confirm">
            <h3 id="confirm-title">{t('rewards.confirmTitle', { name: confirming.name })}</h3>
            <p>{t('rewards.confirmBody', { points: number(confirming.cost) })}</p>
            <div className="btn-row">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => void redeem(confirming)}
              >
                {t('rewards.confirm')}
              </button>
              <button type="button" className="btn" onClick={() => setConfirming(undefined)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        )}
      </section>
      <MyCoupons coupons={coupons} currency={props.currency} />
    </>
  );
}

function MyCoupons(props: {
  coupons: ReturnType<typeof useResource<{ items: PortalCoupon[] }>>;
  currency: string;
}) {
  const { t, date, money } = useI18n();
  const { coupons } = props;
  return (
    <section className="card" aria-labelledby="coupons-title" data-testid="portal-coupons">
      <h2 id="coupons-title">{t('rewards.myCoupons')}</h2>
      {coupons.loading && !coupons.data && <Loading />}
      {coupons.error && <ErrorState error={coupons.error} onRetry={coupons.reload} />}
      {coupons.data && coupons.data.items.length === 0 && <EmptyState title={t('rewards.myCouponsEmpty')} />}
      <ul className="coupon-list">
        {coupons.data?.items.map((c) => (
          <li key={c.id} data-status={c.status}>
            <div className="btn-row" style={{ justifyContent: 'space-between' }}>
              <strong>{c.rewardName}</strong>
              <span className="badge">{t(`rewards.status.${c.status}`)}</span>
            </div>
            {c.balance !== null && (
              <p>{t('rewards.balance', { amount: money(c.balance, props.currency) })}</p>
            )}
            {c.expiresAt && <p className="muted">{t('rewards.expires', { date: date(c.expiresAt) })}</p>}
            {c.status === 'active' && c.kind !== 'donation' && (
              <CouponCodes code={c.code} label={t('rewards.showAtTill')} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
