// Segments: the rule editor (nested groups) with the rule in words, a live count and a sample of members,
// saving, and the saved segments (each opens its page with the size trend).
import { useEffect, useMemo, useState } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { TextField } from '../../../shared/components/forms.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { newGroup, ruleOf, type DraftGroup, type FieldInfo } from './rule-draft.ts';
import { ruleError } from './rule-errors.ts';
import { summarise } from './rule-summary.ts';
import { useRuleChoices } from './use-choices.ts';

interface SampleMember {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  joinedAt: string;
}
interface SavedSegment {
  id: string;
  name: string;
  memberCount: number;
  refreshedAt: string | null;
}

export function Segments() {
  const { t, number, date } = useI18n();
  const program = useProgram();
  const canWrite = program.can('segments:write');
  const fields = useResource(
    (signal) => api.get<{ fields: FieldInfo[] }>(program.api('/segments/fields'), { signal }),
    [program.programId],
  );
  const saved = useResource(
    (signal) => api.get<{ items: SavedSegment[] }>(program.api('/segments'), { signal }),
    [program.programId],
  );
  const choices = useRuleChoices();
  const [root, setRoot] = useState<DraftGroup>(() => newGroup());
  const [preview, setPreview] = useState<{ count: number; sample: SampleMember[] }>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [counting, setCounting] = useState(false);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string>();
  const [saveError, setSaveError] = useState<unknown>();
  const list = useMemo(() => fields.data?.fields ?? [], [fields.data]);
  const { rule, paths } = useMemo(() => ruleOf(root, list), [root, list]);
  const ruleJson = JSON.stringify(rule ?? null);
  const summary = summarise(root, list, { t, names: choices.names });
  const nodeError = ruleError(previewError ?? saveError, paths, t);

  useEffect(() => {
    if (!rule) {
      setPreview(undefined);
      setPreviewError(undefined);
      return;
    }
    const controller = new AbortController();
    // Debounced: one count per pause in typing, the previous request cancelled.
    const timer = setTimeout(() => {
      setCounting(true);
      api
        .post<{ count: number; sample: SampleMember[] }>(
          program.api('/segments/preview'),
          { rule, sample: 10 },
          { signal: controller.signal },
        )
        .then(
          (p) => {
            setPreview(p);
            setPreviewError(undefined);
          },
          (err: Error) => err.name !== 'AbortError' && setPreviewError(err),
        )
        .finally(() => !controller.signal.aborted && setCounting(false));
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // ruleJson stands for the rule's content.
  }, [ruleJson, program.programId]);

  async function save() {
    setSaveError(undefined);
    setMessage(undefined);
    try {
      await api.post(program.api('/segments'), { name, rule }, { idempotencyKey: newIdempotencyKey() });
      setMessage(t('segments.saved', { name }));
      setName('');
      saved.reload();
    } catch (err) {
      setSaveError(err);
    }
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
          <RuleEditor root={root} fields={list} choices={choices} error={nodeError} onChange={setRoot} />
        )}
        {summary && (
          <p data-testid="segment-summary">
            <strong>{t('segments.summary')}:</strong> {summary}
          </p>
        )}
        <div role="status" aria-live="polite" data-testid="segment-count">
          {!rule ? (
            <p className="muted">{t('segments.noConditions')}</p>
          ) : previewError !== undefined ? (
            <Notice kind="error">{nodeError?.message ?? errorMessage(previewError, t)}</Notice>
          ) : counting && !preview ? (
            <p>{t('segments.counting')}</p>
          ) : preview ? (
            <p>
              <strong>{t('segments.count', { count: preview.count })}</strong>
            </p>
          ) : null}
        </div>
        {rule !== undefined && preview && preview.sample.length > 0 && previewError === undefined && (
          <div className="table-wrap">
            <table className="data">
              <caption>{t('segments.sample')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('segments.memberName')}</th>
                  <th scope="col">{t('segments.email')}</th>
                  <th scope="col">{t('segments.joined')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <Link to={program.link(`/members/${m.id}`)}>
                        {[m.firstName, m.lastName].filter(Boolean).join(' ') || '—'}
                      </Link>
                    </td>
                    <td>{m.email ?? '—'}</td>
                    <td>{date(m.joinedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canWrite && rule !== undefined && (
          <form
            className="btn-row"
            style={{ alignItems: 'flex-end' }}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <TextField
              label={t('segments.name')}
              value={name}
              required
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="btn btn-primary">
              {t('segments.save')}
            </button>
          </form>
        )}
        {saveError !== undefined && (
          <Notice kind="error">{nodeError?.message ?? errorMessage(saveError, t)}</Notice>
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
