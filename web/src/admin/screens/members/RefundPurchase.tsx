// Refund a purchase from its row: all that is left by default, or part of it. One refund id per opened form,
// so a double submit or a retry after a network error refunds once (the API replays it).
import { useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { TextField, formValues } from '../../../shared/components/forms.tsx';
import { Notice } from '../../../shared/components/states.tsx';
import { describeError } from '../../../shared/errors.ts';
import { fromMinorUnits, toMinorUnits } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

export interface RefundablePurchase {
  orderId: string;
  total: number;
  currency: string;
  refundedTotal: number;
}

export function RefundPurchase(props: { purchase: RefundablePurchase; onDone(message: string): void }) {
  const { t, money } = useI18n();
  const program = useProgram();
  const { purchase } = props;
  const left = purchase.total - purchase.refundedTotal;
  const dialog = useRef<HTMLDialogElement>(null);
  const [refundId, setRefundId] = useState(newIdempotencyKey);
  const [error, setError] = useState<{ form?: string; fields: Record<string, string> }>({ fields: {} });
  const [busy, setBusy] = useState(false);

  function open() {
    setRefundId(newIdempotencyKey());
    setError({ fields: {} });
    dialog.current?.showModal();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    const amount = v.amount === undefined ? left : toMinorUnits(v.amount, purchase.currency);
    if (amount === undefined || amount <= 0 || amount > left) {
      setError({ fields: { amount: t('refund.amountHint', { left: money(left, purchase.currency) }) } });
      return;
    }
    setBusy(true);
    try {
      const refund = await api.post<{ amount: number; pointsReversed: number }>(
        program.api(`/purchases/${encodeURIComponent(purchase.orderId)}/refunds`),
        { amount, refundId, ...(v.reason ? { reason: v.reason } : {}) },
        { idempotencyKey: refundId },
      );
      dialog.current?.close();
      props.onDone(
        t('refund.done', {
          amount: money(refund.amount, purchase.currency),
          points: refund.pointsReversed,
        }),
      );
    } catch (err) {
      const described = describeError(err, t);
      setError({ form: described.message, fields: described.fields });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="btn" onClick={open} data-testid="refund-open">
        {t('refund.open')}
      </button>
      <dialog ref={dialog} aria-labelledby={`refund-title-${refundId}`}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2 id={`refund-title-${refundId}`}>{t('refund.title', { orderId: purchase.orderId })}</h2>
          {error.form && <Notice kind="error">{error.form}</Notice>}
          <TextField
            label={t('refund.amount', { currency: purchase.currency })}
            name="amount"
            inputMode="decimal"
            dir="ltr"
            defaultValue={fromMinorUnits(left, purchase.currency)}
            hint={t('refund.amountHint', { left: money(left, purchase.currency) })}
            error={error.fields.amount}
            autoFocus
          />
          <TextField label={t('refund.reason')} name="reason" maxLength={500} error={error.fields.reason} />
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.working') : t('refund.submit')}
            </button>
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
