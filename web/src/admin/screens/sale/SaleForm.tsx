// The amount (in currency units, any digits) and optional items of one sale. One order id per opened form:
// pressing the button twice, or again after a network error, records the sale once (the API replays it).
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { TextField, formValues } from '../../../shared/components/forms.tsx';
import { Notice } from '../../../shared/components/states.tsx';
import { describeError } from '../../../shared/errors.ts';
import { parseLocaleInteger, toMinorUnits } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

export interface RecordedSale {
  orderId: string;
  total: number;
  currency: string;
  points: number;
}

interface Item {
  sku: string;
  category?: string;
  quantity: number;
  price: number;
}

const newOrderId = () => `till-${newIdempotencyKey().slice(0, 13)}`;

export function SaleForm(props: {
  memberId: string;
  currency: string;
  onRecorded(sale: RecordedSale): void;
}) {
  const { t, money } = useI18n();
  const program = useProgram();
  const [orderId] = useState(newOrderId);
  const [rows, setRows] = useState<number[]>([]);
  const [nextRow, setNextRow] = useState(1);
  const [error, setError] = useState<{ form?: string; fields: Record<string, string> }>({ fields: {} });
  const [busy, setBusy] = useState(false);

  function readItems(v: Record<string, string>): Item[] | string {
    const items: Item[] = [];
    for (const [index, row] of rows.entries()) {
      const sku = v[`sku-${row}`];
      const quantity = parseLocaleInteger(v[`quantity-${row}`] ?? '1');
      const price = toMinorUnits(v[`price-${row}`] ?? '', props.currency);
      const category = v[`category-${row}`];
      if (!sku && !v[`price-${row}`] && !category) continue;
      if (!sku || quantity === undefined || quantity < 1 || price === undefined) {
        return t('sale.itemInvalid', { n: index + 1 });
      }
      items.push({ sku, quantity, price, ...(category ? { category } : {}) });
    }
    return items;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const v = formValues(event.currentTarget);
    const items = readItems(v);
    if (typeof items === 'string') return setError({ fields: { items }, form: items });
    const total = v.amount
      ? toMinorUnits(v.amount, props.currency)
      : items.length
        ? items.reduce((sum, i) => sum + i.price * i.quantity, 0)
        : undefined;
    if (total === undefined) {
      return setError({
        fields: { total: t('sale.amountInvalid', { example: money(4250, props.currency) }) },
      });
    }
    setBusy(true);
    setError({ fields: {} });
    try {
      const body = {
        orderId: v.receipt ?? orderId,
        memberId: props.memberId,
        total,
        currency: props.currency,
        channel: 'pos',
        ...(items.length ? { items } : {}),
      };
      props.onRecorded(await api.post<RecordedSale>(program.api('/purchases'), body));
    } catch (err) {
      const described = describeError(err, t);
      setError({ form: described.message, fields: described.fields });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card sale-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('sale.title')}>
      {error.form && <Notice kind="error">{error.form}</Notice>}
      <div className="form-grid">
        <TextField
          label={t('sale.amount', { currency: props.currency })}
          name="amount"
          inputMode="decimal"
          dir="ltr"
          autoFocus
          hint={rows.length ? t('sale.amountHint') : undefined}
          error={error.fields.total}
        />
        <TextField
          label={t('sale.receipt')}
          name="receipt"
          dir="ltr"
          maxLength={200}
          error={error.fields.orderId}
        />
      </div>
      <fieldset className="sale-items">
        <legend>{t('sale.items')}</legend>
        <p className="hint">{t('sale.itemsHint')}</p>
        {rows.map((row, index) => (
          <div key={row} className="sale-item" data-testid="sale-item">
            <TextField label={t('sale.sku')} name={`sku-${row}`} dir="ltr" maxLength={100} />
            <TextField label={t('sale.category')} name={`category-${row}`} maxLength={100} />
            <TextField
              label={t('sale.quantity')}
              name={`quantity-${row}`}
              inputMode="numeric"
              dir="ltr"
              defaultValue="1"
            />
            <TextField label={t('sale.price')} name={`price-${row}`} inputMode="decimal" dir="ltr" />
            <button
              type="button"
              className="btn btn-link"
              onClick={() => setRows((r) => r.filter((x) => x !== row))}
            >
              {t('sale.removeItem', { n: index + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn"
          onClick={() => {
            setRows((r) => [...r, nextRow]);
            setNextRow((n) => n + 1);
          }}
        >
          {t('sale.addItem')}
        </button>
      </fieldset>
      <div className="btn-row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sale-submit">
          {busy ? t('common.working') : t('sale.submit')}
        </button>
      </div>
    </form>
  );
}
