// The till page (/pos): scan or type a code → check it against the cart total → redeem it for the order.
// Big touch targets for a tablet on the counter. Signed in as an agent (any role with coupons:redeem), or
// with a till's API key (KeyTill.tsx), which may be bound to a store.
import { useRef, useState, type FormEvent } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../../shared/api.ts';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { toMinorUnits } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

interface Validation {
  valid: boolean;
  reason: string | null;
  discount: { amount: number; balanceAfter: number | null } | null;
  coupon: { code: string; kind: string; balance: number | null } | null;
}

const KNOWN_REASONS = new Set([
  'not_found',
  'used',
  'cancelled',
  'expired',
  'not_yours',
  'min_total_not_met',
]);

/** The till in the signed-in admin app, for the program in the address. */
export function Till() {
  const program = useProgram();
  const details = useResource(
    (signal) => api.get<{ currency: string }>(program.api(''), { signal }),
    [program.programId],
  );
  return <TillForm programApi={program.api} currency={details.data?.currency ?? 'ILS'} />;
}

export interface TillFormProps {
  programApi: (path: string) => string;
  currency: string;
  /** The till's API key, when signed in with one. */
  bearer?: string | undefined;
  /** Shown under the title: the store (and club) the key acts for. */
  subtitle?: string | undefined;
}

export function TillForm({ programApi, currency, bearer, subtitle }: TillFormProps) {
  const { t, money } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  const [checked, setChecked] = useState<{ body: Record<string, unknown>; result: Validation }>();
  const [done, setDone] = useState<{ amount: number; orderId: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const reasonText = (reason: string) =>
    KNOWN_REASONS.has(reason) ? t(`pos.reason.${reason}` as MessageKey) : t('pos.reason.other', { reason });

  async function validate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    setDone(undefined);
    const data = new FormData(event.currentTarget);
    const total = toMinorUnits(String(data.get('total') ?? ''), currency);
    if (total === undefined) return setError(new ApiError('invalid_amount', 400, t('pos.total')));
    // One scanned line is enough for a free-product coupon to find its product; a total alone suits the rest.
    const sku = String(data.get('sku') ?? '').trim();
    const price = toMinorUnits(String(data.get('price') ?? ''), currency);
    const items = sku && price !== undefined ? [{ sku, quantity: 1, price }] : undefined;
    const body = {
      code: String(data.get('code') ?? ''),
      cart: { total, currency, channel: 'pos', ...(items ? { items } : {}) },
    };
    setBusy(true);
    try {
      setChecked({
        body,
        result: await api.post<Validation>(programApi('/coupons/validate'), body, { bearer }),
      });
    } catch (err) {
      setChecked(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function redeem() {
    if (!checked || !form.current) return;
    const orderId = String(new FormData(form.current).get('orderId') ?? '').trim() || `pos-${Date.now()}`;
    setBusy(true);
    try {
      const r = await api.post<{ amount: number; orderId: string }>(
        programApi('/coupons/redeem'),
        { ...checked.body, orderId },
        { idempotencyKey: newIdempotencyKey(), bearer },
      );
      setDone(r);
      setChecked(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function next() {
    form.current?.reset();
    setChecked(undefined);
    setDone(undefined);
    setError(undefined);
    form.current?.querySelector<HTMLInputElement>('input[name=code]')?.focus();
  }

  const v = checked?.result;
  return (
    <div className="till">
      <h1>{t('pos.title')}</h1>
      {subtitle && (
        <p className="till-subtitle" data-testid="till-store">
          {subtitle}
        </p>
      )}
      <form ref={form} onSubmit={(e) => void validate(e)} aria-label={t('pos.title')}>
        <label className="till-field">
          <span>{t('pos.code')}</span>
          <input
            name="code"
            required
            autoFocus
            autoComplete="off"
            dir="ltr"
            inputMode="text"
            maxLength={100}
          />
        </label>
        <label className="till-field">
          <span>
            {t('pos.total')} ({currency})
          </span>
          <input name="total" required inputMode="decimal" dir="ltr" />
        </label>
        <div className="till-line">
          <label className="till-field">
            <span>{t('pos.sku')}</span>
            <input name="sku" dir="ltr" maxLength={100} />
          </label>
          <label className="till-field">
            <span>{t('pos.price')}</span>
            <input name="price" inputMode="decimal" dir="ltr" />
          </label>
        </div>
        <label className="till-field">
          <span>{t('pos.orderId')}</span>
          <input name="orderId" dir="ltr" maxLength={200} />
        </label>
        <div className="till-actions">
          <button type="submit" className="btn btn-primary till-button" disabled={busy}>
            {t('pos.validate')}
          </button>
          {v?.valid && (
            <button
              type="button"
              className="btn btn-primary till-button"
              disabled={busy}
              onClick={() => void redeem()}
            >
              {t('pos.redeemNow')}
            </button>
          )}
          <button type="button" className="btn till-button" onClick={next}>
            {t('pos.next')}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="till-result">
        {v && v.valid && v.discount && (
          <Notice kind="success">
            {v.coupon?.kind === 'gift_card'
              ? t('pos.validGift', {
                  balance: money(v.coupon.balance ?? 0, currency),
                  amount: money(v.discount.amount, currency),
                })
              : t('pos.valid', { amount: money(v.discount.amount, currency) })}
          </Notice>
        )}
        {v && !v.valid && <Notice kind="error">{reasonText(v.reason ?? 'not_found')}</Notice>}
        {done && (
          <Notice kind="success">
            {t('pos.redeemedOk', { amount: money(done.amount, currency), orderId: done.orderId })}
          </Notice>
        )}
        {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      </div>
    </div>
  );
}
