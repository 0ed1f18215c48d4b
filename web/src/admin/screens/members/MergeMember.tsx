// Merge a duplicate into the member whose profile is open: find the other profile of the same person, see
// what happens (this member keeps its profile; the duplicate's points, purchases, coupons, consents, lists and
// events move here; the duplicate is deleted), confirm. One Idempotency-Key per opened dialog.
import { useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey, query } from '../../../shared/api.ts';
import { TextField } from '../../../shared/components/forms.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { displayName, type Member } from './types.ts';

export function MergeMember(props: { member: Member; onMerged(): void }) {
  const { t } = useI18n();
  const program = useProgram();
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [found, setFound] = useState<Member[]>();
  const [chosen, setChosen] = useState<Member>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  function open() {
    setKey(newIdempotencyKey());
    setFound(undefined);
    setChosen(undefined);
    setError(undefined);
    dialog.current?.showModal();
  }

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget).get('q') ?? '').trim();
    if (!q) return;
    setError(undefined);
    setChosen(undefined);
    try {
      const page = await api.get<{ items: Member[] }>(program.api(`/members${query({ q, limit: 10 })}`));
      setFound(page.items.filter((m) => m.id !== props.member.id));
    } catch (err) {
      setError(errorMessage(err, t));
    }
  }

  async function merge() {
    if (!chosen) return;
    setBusy(true);
    try {
      await api.post(
        program.api(`/members/${props.member.id}/merge`),
        { duplicateId: chosen.id },
        { idempotencyKey: key },
      );
      dialog.current?.close();
      props.onMerged();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  const name = displayName(props.member);
  return (
    <>
      <button type="button" className="btn" onClick={open} data-testid="member-merge">
        {t('memberMerge.open')}
      </button>
      <dialog ref={dialog} aria-labelledby="member-merge-title">
        <h2 id="member-merge-title">{t('memberMerge.title', { name })}</h2>
        <p className="muted">{t('memberMerge.intro', { name })}</p>
        {error && <Notice kind="error">{error}</Notice>}
        <form onSubmit={search} className="btn-row">
          <TextField label={t('memberMerge.search')} name="q" maxLength={200} autoComplete="off" autoFocus />
          <button type="submit" className="btn">
            {t('memberMerge.find')}
          </button>
        </form>
        {found && found.length === 0 && <p>{t('memberMerge.none')}</p>}
        {found && found.length > 0 && (
          <fieldset>
            <legend>{t('memberMerge.choose')}</legend>
            {found.map((m) => (
              <div className="check" key={m.id}>
                <input
                  type="radio"
                  id={`merge-${m.id}`}
                  name="duplicate"
                  checked={chosen?.id === m.id}
                  onChange={() => setChosen(m)}
                />
                <label htmlFor={`merge-${m.id}`}>
                  {displayName(m)}{' '}
                  <span className="muted ltr">
                    {[m.email, m.phone, m.externalId].filter(Boolean).join(' · ')}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
        )}
        {chosen && (
          <Notice kind="info">{t('memberMerge.summary', { duplicate: displayName(chosen), name })}</Notice>
        )}
        <div className="btn-row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={!chosen || busy}
            onClick={() => void merge()}
            data-testid="member-merge-confirm"
          >
            {busy ? t('common.working') : t('memberMerge.submit')}
          </button>
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </dialog>
    </>
  );
}
