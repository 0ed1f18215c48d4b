// Lists: every list with its subscriber count; create, rename and archive (delete) them.
import { useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { CheckboxField, TextField } from '../../../shared/components/forms.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { MailingList } from './types.ts';

export function Lists() {
  const { t, number, date } = useI18n();
  const program = useProgram();
  const canWrite = program.can('membership:write');
  const lists = useResource(
    (signal) => api.get<{ items: MailingList[] }>(program.api('/lists'), { signal }),
    [program.programId],
  );
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();

  async function act(work: () => Promise<unknown>, done: string) {
    setError(undefined);
    setMessage(undefined);
    try {
      await work();
      setMessage(done);
      lists.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get('name') ?? '').trim();
    const body = { name, showInPreferences: data.get('showInPreferences') === 'on' };
    const key = newIdempotencyKey();
    if (
      await act(
        () => api.post(program.api('/lists'), body, { idempotencyKey: key }),
        t('lists.created', { name }),
      )
    )
      setCreating(false);
  }

  async function rename(list: MailingList, event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    if (await act(() => api.patch(program.api(`/lists/${list.id}`), { name }), t('common.saved')))
      setRenaming(undefined);
  }

  async function archive(list: MailingList) {
    if (!window.confirm(t('lists.deleteConfirm', { name: list.name }))) return;
    await act(() => api.delete(program.api(`/lists/${list.id}`)), t('lists.deleted', { name: list.name }));
  }

  return (
    <>
      <PageHead title={t('nav.lists')}>
        {canWrite && !creating && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Icon name="plus" /> {t('lists.new')}
          </button>
        )}
      </PageHead>
      {message && <Notice kind="success">{message}</Notice>}
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {creating && (
        <form className="card" aria-label={t('lists.new')} onSubmit={(e) => void create(e)}>
          <TextField label={t('lists.name')} name="name" required maxLength={200} autoFocus />
          <CheckboxField label={t('lists.showInPreferences')} name="showInPreferences" />
          <div className="btn-row">
            <button type="submit" className="btn btn-primary">
              {t('lists.create')}
            </button>
            <button type="button" className="btn" onClick={() => setCreating(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {lists.error ? (
        <ErrorState error={lists.error} onRetry={lists.reload} />
      ) : !lists.data ? (
        <Loading />
      ) : lists.data.items.length === 0 ? (
        <EmptyState title={t('lists.empty')} />
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.lists')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('lists.name')}</th>
                <th scope="col" className="end">
                  {t('lists.members')}
                </th>
                <th scope="col">{t('lists.inPreferences')}</th>
                <th scope="col">{t('lists.createdAt')}</th>
                {canWrite && <th scope="col">{t('lists.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {lists.data.items.map((list) => (
                <tr key={list.id}>
                  <td data-label={t('lists.name')}>
                    {renaming === list.id ? (
                      <form className="btn-row" onSubmit={(e) => void rename(list, e)}>
                        <label className="sr-only" htmlFor={`rename-${list.id}`}>
                          {t('lists.newName')}
                        </label>
                        <input
                          id={`rename-${list.id}`}
                          className="input"
                          style={{ inlineSize: 'auto', flex: '1 1 10rem' }}
                          name="name"
                          defaultValue={list.name}
                          required
                          maxLength={200}
                          autoFocus
                          onKeyDown={(e) => e.key === 'Escape' && setRenaming(undefined)}
                        />
                        <button type="submit" className="btn btn-primary">
                          {t('common.save')}
                        </button>
                        <button type="button" className="btn" onClick={() => setRenaming(undefined)}>
                          {t('common.cancel')}
                        </button>
                      </form>
                    ) : (
                      <Link to={program.link(`/lists/${list.id}`)}>{list.name}</Link>
                    )}
                  </td>
                  <td data-label={t('lists.members')} className="end num" data-testid="list-count">
                    {number(list.subscribedCount)}
                  </td>
                  <td data-label={t('lists.inPreferences')}>
                    {list.showInPreferences ? t('common.yes') : t('common.no')}
                  </td>
                  <td data-label={t('lists.createdAt')}>{date(list.createdAt, 'shortDate')}</td>
                  {canWrite && (
                    <td data-label={t('lists.actions')}>
                      <div className="btn-row">
                        <button
                          type="button"
                          className="btn"
                          aria-label={t('lists.renameNamed', { name: list.name })}
                          onClick={() => setRenaming(list.id)}
                        >
                          {t('lists.rename')}
                        </button>
                        <button
                          type="button"
                          className="btn btn-danger"
                          aria-label={t('lists.deleteNamed', { name: list.name })}
                          onClick={() => void archive(list)}
                        >
                          {t('lists.delete')}
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
