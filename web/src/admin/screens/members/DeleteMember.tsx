// Delete a member for good: the GDPR erasure (POST …/erase), which empties every personal field in every module
// and keeps the ledger totals. The owner types the member's name (or "delete" for a member without one) to
// confirm, so a slip of the mouse erases nobody.
import { useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { TextField } from '../../../shared/components/forms.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { displayName, type Member } from './types.ts';

/** What the owner must type: the member's name as shown, compared without case or surrounding spaces. */
export const confirmationWord = (member: Member, fallback: string) =>
  member.firstName || member.lastName ? displayName(member) : fallback;
export const confirms = (typed: string, word: string) =>
  typed.trim().toLocaleLowerCase() === word.trim().toLocaleLowerCase();

export function DeleteMember(props: { member: Member }) {
  const { t } = useI18n();
  const program = useProgram();
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const word = confirmationWord(props.member, t('memberDelete.word'));

  function open() {
    setKey(newIdempotencyKey());
    setTyped('');
    setError(undefined);
    dialog.current?.showModal();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirms(typed, word)) return;
    setBusy(true);
    try {
      await api.post(program.api(`/members/${props.member.id}/erase`), undefined, { idempotencyKey: key });
      dialog.current?.close();
      navigate(program.link('/members'));
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="btn btn-danger" onClick={open} data-testid="member-delete">
        {t('memberDelete.open')}
      </button>
      <dialog ref={dialog} aria-labelledby="member-delete-title">
        <form onSubmit={submit}>
          <h2 id="member-delete-title">{t('memberDelete.title', { name: displayName(props.member) })}</h2>
          <p>{t('memberDelete.explain')}</p>
          {error && <Notice kind="error">{error}</Notice>}
          <TextField
            label={t('memberDelete.type', { word })}
            name="confirm"
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            autoFocus
          />
          <div className="btn-row">
            <button
              type="submit"
              className="btn btn-danger"
              disabled={busy || !confirms(typed, word)}
              data-testid="member-delete-confirm"
            >
              {busy ? t('common.working') : t('memberDelete.submit')}
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
