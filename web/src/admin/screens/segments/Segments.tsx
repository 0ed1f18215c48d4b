// Segments: the rule editor (nested groups) with the rule in words, a live count and a sample of members,
// saving, and the saved segments (each opens its page with the size trend).
import { useState } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { SegmentBuilder } from './SegmentBuilder.tsx';
import type { FieldInfo } from './rule-draft.ts';

interface SavedSegment {
  id: string;
  name: string;
  memberCount: number;
  refreshedAt: string | null;
}

export function Segments() {
  const { t, number, date } = useI18n();
  const program = useProgram();
  const fields = useResource(
    (signal) => api.get<{ fields: FieldInfo[] }>(program.api('/segments/fields'), { signal }),
    [program.programId],
  );
  const saved = useResource(
    (signal) => api.get<{ items: SavedSegment[] }>(program.api('/segments'), { signal }),
    [program.programId],
  );
  const [message, setMessage] = useState<string>();

  async function save(name: string, rule: unknown) {
    setMessage(undefined);
    await api.post(program.api('/segments'), { name, rule }, { idempotencyKey: newIdempotencyKey() });
    setMessage(t('segments.saved', { name }));
    saved.reload();
  }

  return (
    <>
      <PageHead title={t('nav.segments')} />
      {message && <Notice kind="success">{message}</Notice>}
      <section className="card" aria-labelledby="segment-builder">
        <h2 id="segment-builder">{t('segments.builder')}</h2>
        {fields.error ? (
          <ErrorState error={fields.error} onRetry={fields.reload} />
        ) : !fields.data ? (
          <Loading />
        ) : (
          <SegmentBuilder
            fields={fields.data.fields}
            submitLabel={t('segments.save')}
            onSave={save}
            clearNameAfterSave
          />
        )}
      </section>
      <section className="card" aria-labelledby="saved-segments">
        <h2 id="saved-segments">{t('segments.list')}</h2>
        {saved.error ? (
          <ErrorState error={saved.error} onRetry={saved.reload} />
        ) : !saved.data ? (
          <Loading />
        ) : saved.data.items.length === 0 ? (
          <EmptyState title={t('segments.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="data stack">
              <caption className="sr-only">{t('segments.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('segments.name')}</th>
                  <th scope="col" className="end">
                    {t('segments.members')}
                  </th>
                  <th scope="col">{t('segments.refreshedAt')}</th>
                  <th scope="col">{t('segments.export')}</th>
                </tr>
              </thead>
              <tbody>
                {saved.data.items.map((s) => (
                  <tr key={s.id}>
                    <td data-label={t('segments.name')}>
                      <Link to={program.link(`/segments/${s.id}`)}>{s.name}</Link>
                    </td>
                    <td data-label={t('segments.members')} className="end">
                      {number(s.memberCount)}
                    </td>
                    <td data-label={t('segments.refreshedAt')}>
                      {s.refreshedAt ? date(s.refreshedAt) : '—'}
                    </td>
                    <td data-label={t('segments.export')}>
                      <a href={program.api(`/segments/${s.id}/export`)} download>
                        {t('segments.export')}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
