// Coupon lookup for support staff: a code (any case, spaces or dashes) → its state, its history and the
// purchases it was used on.
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../../shared/api.ts';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { TextField } from '../../../shared/components/forms.tsx';
import { EmptyState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { CouponLookup as Lookup } from './types.ts';

export function CouponLookup() {
  const { t, date, number, money } = useI18n();
  const program = useProgram();
  const details = useResource(
    (signal) => api.get<{ currency: string }>(program.api(''), { signal }),
    [program.programId],
  );
  const currency = details.data?.currency ?? 'ILS';
  const [state, setState] = useState<{ loading?: boolean; found?: Lookup; error?: unknown }>({});

  async function find(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    setState({ loading: true });
    try {
      setState({
        found: await api.get<Lookup>(program.api(`/coupons/lookup?code=${encodeURIComponent(code)}`)),
      });
    } catch (error) {
      setState({ error });
    }
  }

  const found = state.found;
  return (
    <>
      <PageHead title={t('lookup.title')} />
      <form className="card btn-row" role="search" onSubmit={(e) => void find(e)}>
        <TextField
          label={t('lookup.code')}
          name="code"
          required
          maxLength={100}
          autoComplete="off"
          dir="ltr"
          autoFocus
        />
        <button type="submit" className="btn btn-primary">
          {t('lookup.find')}
        </button>
      </form>
      {state.loading && <Loading />}
      {state.error !== undefined &&
        (state.error instanceof ApiError && state.error.code === 'coupon_not_found' ? (
          <EmptyState title={t('pos.reason.not_found')} />
        ) : (
          <Notice kind="error">{errorMessage(state.error, t)}</Notice>
        ))}
      {found && (
        <section className="card" data-testid="lookup-result" data-status={found.coupon.status}>
          <h2 className="num" dir="ltr">
            {found.coupon.code}
          </h2>
          <p>
            <span className="badge">{t(`rewards.status.${found.coupon.status}` as MessageKey)}</span>{' '}
            {t(`rewards.kind.${found.coupon.kind}`)} {found.reward && `· ${found.reward.name}`}
          </p>
          {found.coupon.memberId && (
            <p>
              <Link to={program.link(`/members/${found.coupon.memberId}`)}>{t('nav.members')}</Link>
            </p>
          )}
          {found.coupon.balance !== null && (
            <p>{t('rewards.balance', { amount: money(found.coupon.balance, currency) })}</p>
          )}
          {found.coupon.expiresAt && <p>{t('rewards.expires', { date: date(found.coupon.expiresAt) })}</p>}
          <h3>{t('lookup.history')}</h3>
          <ol className="timeline">
            {found.history.map((e) => (
              <li key={e.id} data-event={e.type}>
                <strong>{t(`lookup.event.${e.type}` as MessageKey)}</strong> · {date(e.at, 'dateTime')}
                {e.orderId && <> · {t('lookup.order', { orderId: e.orderId })}</>}
                {e.storeId && <> · {e.storeId}</>}
                {e.amount !== null && (
                  <>
                    {' '}
                    · <span className="num">{money(e.amount, currency)}</span>
                  </>
                )}
                {e.points !== null && (
                  <>
                    {' '}
                    · <span className="num">{number(e.points, { signDisplay: 'exceptZero' })}</span>
                  </>
                )}
              </li>
            ))}
          </ol>
          {found.purchases.length > 0 && (
            <>
              <h3>{t('lookup.purchases')}</h3>
              <ul>
                {found.purchases.map((p) => (
                  <li key={p.id}>
                    {t('lookup.order', { orderId: p.orderId })} · {money(p.total, currency)} ·{' '}
                    {date(p.occurredAt)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}
