// One saved segment: its rule in words, its size now, a refresh, the CSV export, and the size per day over
// the last 30 days (the daily snapshots each refresh records; GET …/segments/{id}/sizes).
import { useMemo, useState } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { LineChart } from '../../../shared/components/charts.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { draftOf, type FieldInfo } from './rule-draft.ts';
import { summarise } from './rule-summary.ts';
import { SegmentBuilder } from './SegmentBuilder.tsx';
import { useRuleChoices } from './use-choices.ts';

interface SegmentView {
  id: string;
  name: string;
  description: string;
  rule: unknown;
  memberCount: number;
  refreshedAt: string | null;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function SegmentPage(props: { segmentId: string }) {
  const { t, number, date } = useI18n();
  const program = useProgram();
  const base = program.api(`/segments/${props.segmentId}`);
  const segment = useResource((signal) => api.get<SegmentView>(base, { signal }), [base]);
  const fields = useResource(
    (signal) => api.get<{ fields: FieldInfo[] }>(program.api('/segments/fields'), { signal }),
    [program.programId],
  );
  // Local days in the program's zone: a day either side of UTC's covers every zone.
  const range = useMemo(() => {
    const now = Date.now();
    return { from: isoDay(now - 30 * DAY_MS), to: isoDay(now + DAY_MS) };
  }, []);
  const sizes = useResource(
    (signal) =>
      api.get<{ items: { day: string; members: number }[] }>(
        `${base}/sizes?from=${range.from}&to=${range.to}`,
        {
          signal,
        },
      ),
    [base, range.from],
  );
  const choices = useRuleChoices();
  const [message, setMessage] = useState<string>();
  const [refreshError, setRefreshError] = useState<unknown>();
  const [refreshing, setRefreshing] = useState(false);
  const [editing, setEditing] = useState(false);

  /** A changed rule applies at the next refresh (PATCH's contract): counted again at once, so the size is the new rule's. */
  async function saveEdit(name: string, rule: unknown) {
    setMessage(undefined);
    await api.patch(base, { name, rule }, { idempotencyKey: newIdempotencyKey() });
    const result = await api.post<{ members: number }>(
      `${base}/refresh`,
      {},
      { idempotencyKey: newIdempotencyKey() },
    );
    setMessage(t('segments.page.updated', { name, count: result.members }));
    setEditing(false);
    segment.reload();
    sizes.reload();
  }

  async function refresh() {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      const result = await api.post<{ members: number }>(
        `${base}/refresh`,
        {},
        { idempotencyKey: newIdempotencyKey() },
      );
      setMessage(t('segments.page.refreshed', { count: result.members }));
      segment.reload();
      sizes.reload();
    } catch (err) {
      setRefreshError(err);
    } finally {
      setRefreshing(false);
    }
  }

  if (segment.error) return <ErrorState error={segment.error} onRetry={segment.reload} />;
  if (!segment.data) return <Loading />;
  const s = segment.data;
  const draft = draftOf(s.rule);
  const summary =
    draft && fields.data
      ? summarise(draft, fields.data.fields, { t, names: choices.names, tierNames: choices.tierNames })
      : '';
  const points = sizes.data?.items ?? [];

  return (
    <>
      <PageHead title={s.name}>
        <Link to={program.link('/segments')}>{t('segments.page.back')}</Link>
      </PageHead>
      {message && <Notice kind="success">{message}</Notice>}
      {editing && draft && fields.data && (
        <section className="card" aria-labelledby="segment-edit">
          <h2 id="segment-edit">{t('segments.page.edit')}</h2>
          <SegmentBuilder
            fields={fields.data.fields}
            initial={{ root: draft, name: s.name }}
            submitLabel={t('segments.page.saveChanges')}
            onSave={saveEdit}
          >
            <button type="button" className="btn" onClick={() => setEditing(false)}>
              {t('segments.page.cancelEdit')}
            </button>
          </SegmentBuilder>
        </section>
      )}
      <section className="card stack" aria-labelledby="segment-rule">
        <h2 id="segment-rule">{t('segments.page.rule')}</h2>
        {s.description && <p>{s.description}</p>}
        {draft ? (
          fields.data ? (
            <p data-testid="segment-summary">{summary}</p>
          ) : (
            <Loading />
          )
        ) : (
          <>
            <p>{t('segments.page.advanced')}</p>
            <pre dir="ltr">{JSON.stringify(s.rule, null, 2)}</pre>
          </>
        )}
        <dl>
          <dt>{t('segments.page.size')}</dt>
          <dd data-testid="segment-size">{number(s.memberCount)}</dd>
          <dt>{t('segments.refreshedAt')}</dt>
          <dd>{s.refreshedAt ? date(s.refreshedAt, 'dateTime') : '—'}</dd>
        </dl>
        <div className="btn-row">
          {program.can('segments:write') && (
            <button type="button" className="btn" disabled={refreshing} onClick={() => void refresh()}>
              {t('segments.page.refresh')}
            </button>
          )}
          {program.can('segments:write') && draft && !editing && (
            <button type="button" className="btn" disabled={!fields.data} onClick={() => setEditing(true)}>
              {t('segments.page.edit')}
            </button>
          )}
          {program.can('members:export') && (
            <a className="btn" href={`${base}/export`} download>
              {t('segments.export')}
            </a>
          )}
        </div>
        {refreshError !== undefined && <Notice kind="error">{errorMessage(refreshError, t)}</Notice>}
      </section>
      <section aria-label={t('segments.page.trend')} data-testid="segment-trend">
        {sizes.error ? (
          <ErrorState error={sizes.error} onRetry={sizes.reload} />
        ) : !sizes.data ? (
          <Loading />
        ) : points.length === 0 ? (
          <EmptyState title={t('segments.page.noTrend')} />
        ) : (
          <LineChart
            title={t('segments.page.trend')}
            labels={points.map((p) => date(p.day, 'dayMonth'))}
            series={[{ name: t('segments.page.trendSeries'), values: points.map((p) => p.members) }]}
          />
        )}
      </section>
    </>
  );
}
