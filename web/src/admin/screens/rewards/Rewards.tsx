// The rewards catalog: every reward with its cost, stock and state; add or edit one in the editor.
import { useState } from 'react';
import { api } from '../../../shared/api.ts';
import { Icon } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { RewardEditor } from './RewardEditor.tsx';
import type { Reward } from './types.ts';

export function Rewards() {
  const { t, number, locale } = useI18n();
  const program = useProgram();
  const canWrite = program.can('rewards:write');
  const rewards = useResource(
    (signal) => api.get<{ items: Reward[] }>(program.api('/rewards'), { signal }),
    [program.programId],
  );
  const tiers = useResource(
    (signal) =>
      api
        .get<{ items: { key: string; name: string }[] }>(program.api('/tiers'), { signal })
        .catch(() => ({ items: [] })),
    [program.programId],
  );
  const [editing, setEditing] = useState<Reward | 'new'>();
  const [saved, setSaved] = useState(false);
  const nameOf = (r: Reward) =>
    (r.texts[locale as 'he'] ?? r.texts.he ?? r.texts.en ?? r.texts.fa)?.name ?? '';

  return (
    <>
      <PageHead title={t('nav.rewards')}>
        {canWrite && !editing && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setSaved(false);
              setEditing('new');
            }}
          >
            <Icon name="plus" /> {t('rewards.new')}
          </button>
        )}
      </PageHead>
      {saved && <Notice kind="success">{t('rewards.saved')}</Notice>}
      {editing && (
        <RewardEditor
          key={editing === 'new' ? 'new' : editing.id}
          reward={editing === 'new' ? undefined : editing}
          tiers={tiers.data?.items ?? []}
          onSaved={() => {
            setEditing(undefined);
            setSaved(true);
            rewards.reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
      {rewards.error ? (
        <ErrorState error={rewards.error} onRetry={rewards.reload} />
      ) : !rewards.data ? (
        <Loading />
      ) : rewards.data.items.length === 0 ? (
        <EmptyState title={t('rewards.catalogEmpty')} />
      ) : (
        <div className="card table-wrap">
          <table className="data stack">
            <caption className="sr-only">{t('nav.rewards')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rewards.name')}</th>
                <th scope="col">{t('rewards.kind')}</th>
                <th scope="col" className="end">
                  {t('rewards.costPoints')}
                </th>
                <th scope="col" className="end">
                  {t('rewards.stock')}
                </th>
                <th scope="col">{t('rewards.active')}</th>
              </tr>
            </thead>
            <tbody>
              {rewards.data.items.map((r) => (
                <tr key={r.id} data-reward={nameOf(r)}>
                  <td data-label={t('rewards.name')}>
                    {canWrite ? (
                      <button
                        type="button"
                        className="btn btn-link"
                        onClick={() => {
                          setSaved(false);
                          setEditing(r);
                        }}
                      >
                        {nameOf(r)}
                      </button>
                    ) : (
                      nameOf(r)
                    )}
                  </td>
                  <td data-label={t('rewards.kind')}>{t(`rewards.kind.${r.kind}`)}</td>
                  <td data-label={t('rewards.costPoints')} className="end num">
                    {number(r.costPoints)}
                  </td>
                  <td data-label={t('rewards.stock')} className="end num">
                    {r.stockTotal === null
                      ? t('rewards.unlimited')
                      : `${number(r.stockLeft ?? 0)} / ${number(r.stockTotal)}`}
                  </td>
                  <td data-label={t('rewards.active')}>{r.active ? '✓' : t('rewards.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
