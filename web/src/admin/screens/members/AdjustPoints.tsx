import { useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { TextField, formValues } from '../../../shared/components/forms.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { parseLocaleInteger } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';

/** Add or remove points by hand, with a reason. One idempotency key per opened form: a double submit or a
 *  retry after a network error never applies twice. */
export function AdjustPoints(props: { memberId: string; onDone(): void }) {
  const { t, number } = useI18n();
  const program = useProgram();
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  function open() {
    setKey(newIdempotencyKey());
    setError(undefined);
    dialog.current?.showModal();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const v = formValues(form);
    const points = parseLocaleInteger(v.points ?? '');
    if (points === undefined || points === 0) {
      setError(t('adjust.pointsInvalid'));
      return;
    }
    setBusy(true);
    try {
      await api.post(program.api(`/members/${props.memberId}/adjustments`), {
        points,
        reason: v.reason,
        idempotencyKey: key,
      });
      form.reset();
      dialog.current?.close();
      props.onDone();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="btn btn-primary" onClick={open} data-testid="adjust-open">
        {t('adjust.open')}
      </button>
      <dialog ref={dialog} aria-labelledby="adjust-title">
        <form onSubmit={submit}>
          <h2 id="adjust-title">{t('adjust.title')}</h2>
          {error && <Notice kind="error">{error}</Notice>}
          <TextField
            label={t('adjust.points')}
            name="points"
            inputMode="numeric"
            required
            hint={t('adjust.pointsHint', { example: number(-50) })}
            dir="ltr"
            autoFocus
          />
          <TextField label={t('adjust.reason')} name="reason" required maxLength={500} />
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('common.working') : t('adjust.submit')}
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
