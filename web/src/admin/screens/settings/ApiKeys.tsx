import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { CheckboxField, TextField } from '../../../shared/components/forms.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram, useSession } from '../../session.tsx';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  partnerId: string | null;
  storeId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function ApiKeys() {
  const { t, date } = useI18n();
  const program = useProgram();
  const { permissions } = useSession().session;
  const keys = useResource(
    (signal) => api.get<{ items: ApiKey[] }>(program.api('/api-keys'), { signal }),
    [program.programId],
  );
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<unknown>();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const permissions = data.getAll('permissions').map(String);
    const storeId = String(data.get('storeId') ?? '').trim();
    const partnerId = String(data.get('partnerId') ?? '').trim();
    setError(undefined);
    try {
      const key = await api.post<ApiKey & { key: string }>(program.api('/api-keys'), {
        name: String(data.get('name') ?? '').trim(),
        permissions,
        ...(storeId ? { storeId } : {}),
        ...(partnerId ? { partnerId } : {}),
      });
      setCreated(key.key);
      form.reset();
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(key: ApiKey) {
    if (!window.confirm(t('apiKeys.revokeConfirm', { name: key.name }))) return;
    try {
      await api.delete(program.api(`/api-keys/${key.id}`));
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageHead title={t('nav.apiKeys')} />
      {created && (
        <Notice kind="success">
          <p>{t('apiKeys.createdOnce')}</p>
          <code className="ltr" style={{ wordBreak: 'break-all' }} data-testid="new-api-key">
            {created}
          </code>
          <div className="btn-row" style={{ marginBlockStart: 'var(--space-2)' }}>
            <button
              type="button"
              className="btn"
              onClick={() => void navigator.clipboard?.writeText(created)}
            >
              {t('common.copy')}
            </button>
          </div>
        </Notice>
      )}
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {keys.error ? (
        <ErrorState error={keys.error} onRetry={keys.reload} />
      ) : !keys.data ? (
        <Loading />
      ) : keys.data.items.length === 0 ? (
        <EmptyState title={t('apiKeys.empty')} />
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.apiKeys')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.prefix')}</th>
                <th scope="col">{t('apiKeys.permissions')}</th>
                <th scope="col">{t('apiKeys.boundTo')}</th>
                <th scope="col">{t('apiKeys.lastUsed')}</th>
                <th scope="col">{t('apiKeys.status')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <tr key={k.id}>
                  <td data-label={t('apiKeys.name')}>{k.name}</td>
                  <td data-label={t('apiKeys.prefix')}>
                    <code className="ltr">{k.prefix}…</code>
                  </td>
                  <td data-label={t('apiKeys.permissions')}>
                    <span className="ltr">{k.permissions.join(', ')}</span>
                  </td>
                  <td data-label={t('apiKeys.boundTo')}>
                    {k.storeId && (
                      <div>
                        {t('apiKeys.store')}: <bdi className="ltr">{k.storeId}</bdi>
                      </div>
                    )}
                    {k.partnerId && (
                      <div>
                        {t('apiKeys.partner')}: <bdi className="ltr">{k.partnerId}</bdi>
                      </div>
                    )}
                    {!k.storeId && !k.partnerId && t('apiKeys.wholeProgram')}
                  </td>
                  <td data-label={t('apiKeys.lastUsed')}>
                    {k.lastUsedAt ? date(k.lastUsedAt, 'dateTime') : t('apiKeys.never')}
                  </td>
                  <td data-label={t('apiKeys.status')}>
                    {k.revokedAt ? (
                      <span className="badge badge-danger">{t('apiKeys.revoked')}</span>
                    ) : (
                      <button type="button" className="btn btn-danger" onClick={() => void revoke(k)}>
                        {t('apiKeys.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card" onSubmit={create}>
        <h2>{t('apiKeys.createTitle')}</h2>
        <TextField label={t('apiKeys.name')} name="name" required maxLength={200} />
        <div className="form-grid">
          <TextField
            label={t('apiKeys.store')}
            hint={t('apiKeys.storeHint')}
            name="storeId"
            maxLength={100}
            dir="ltr"
            autoComplete="off"
          />
          <TextField
            label={t('apiKeys.partner')}
            hint={t('apiKeys.partnerHint')}
            name="partnerId"
            pattern="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
            dir="ltr"
            autoComplete="off"
          />
        </div>
        <fieldset>
          <legend>{t('apiKeys.permissions')}</legend>
          <div className="form-grid">
            {permissions.map(({ name }) => (
              <CheckboxField key={name} label={name} name="permissions" value={name} />
            ))}
          </div>
        </fieldset>
        <button type="submit" className="btn btn-primary">
          {t('apiKeys.create')}
        </button>
      </form>
    </>
  );
}
