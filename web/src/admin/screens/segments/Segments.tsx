// Segments: a builder with a live count and a sample of members, saving, and the saved segments.
import { useEffect, useMemo, useState } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { SelectField, TextField } from '../../../shared/components/forms.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { EmptyState, ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import {
  needsValue,
  ruleOf,
  simpleParams,
  type Draft,
  type DraftCondition,
  type FieldInfo,
} from './rule-draft.ts';

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

let nextId = 1;

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
  const [draft, setDraft] = useState<Draft>({ match: 'and', conditions: [] });
  const [preview, setPreview] = useState<{ count: number; sample: SampleMember[] }>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [counting, setCounting] = useState(false);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string>();
  const [saveError, setSaveError] = useState<unknown>();
  const list = fields.data?.fields ?? [];
  const rule = useMemo(() => ruleOf(draft, list), [draft, list]);
  const ruleJson = JSON.stringify(rule ?? null);

  useEffect(() => {
    if (!rule) {
      setPreview(undefined);
      setPreviewError(undefined);
      return;
    }
    const controller = new AbortController();
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

  const update = (id: number, patch: Partial<DraftCondition>) =>
    setDraft((d) => ({ ...d, conditions: d.conditions.map((c) => (c.id === id ? { ...c, ...patch } : c)) }));

  function addCondition() {
    const first = list[0];
    if (!first) return;
    setDraft((d) => ({
      ...d,
      conditions: [
        ...d.conditions,
        { id: nextId++, field: first.key, op: first.operators[0]!, value: '', params: {}, negate: false },
      ],
    }));
  }

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

  const opLabel = (op: string) => t(`segments.op.${op}` as MessageKey);
  const paramLabel = (key: string) => t(`segments.param.${key}` as MessageKey);

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
          <>
            <SelectField
              label={t('segments.match')}
              value={draft.match}
              onChange={(e) => setDraft((d) => ({ ...d, match: e.target.value as 'and' | 'or' }))}
              options={[
                { value: 'and', label: t('segments.match.and') },
                { value: 'or', label: t('segments.match.or') },
              ]}
            />
            <ol className="stack" style={{ listStyle: 'none', padding: 0 }}>
              {draft.conditions.map((c, index) => {
                const field = list.find((f) => f.key === c.field) ?? list[0]!;
                return (
                  <li key={c.id} className="card" aria-label={`${t('segments.field')} ${index + 1}`}>
                    <div className="btn-row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
                      <label className="btn-row">
                        <input
                          type="checkbox"
                          checked={c.negate}
                          onChange={(e) => update(c.id, { negate: e.target.checked })}
                        />
                        {t('segments.not')}
                      </label>
                      <SelectField
                        label={t('segments.field')}
                        value={c.field}
                        onChange={(e) => {
                          const next = list.find((f) => f.key === e.target.value)!;
                          update(c.id, { field: next.key, op: next.operators[0]!, value: '', params: {} });
                        }}
                        options={list.map((f) => ({ value: f.key, label: `${f.group} · ${f.label}` }))}
                      />
                      {simpleParams(field).map(([key, schema]) =>
                        schema.enum ? (
                          <SelectField
                            key={key}
                            label={paramLabel(key)}
                            value={c.params[key] ?? String(schema.default ?? schema.enum[0])}
                            onChange={(e) => update(c.id, { params: { ...c.params, [key]: e.target.value } })}
                            options={schema.enum.map((v) => ({ value: v, label: v }))}
                          />
                        ) : (
                          <TextField
                            key={key}
                            label={paramLabel(key)}
                            inputMode={schema.type === 'string' ? 'text' : 'numeric'}
                            value={c.params[key] ?? ''}
                            onChange={(e) => update(c.id, { params: { ...c.params, [key]: e.target.value } })}
                          />
                        ),
                      )}
                      <SelectField
                        label={t('segments.op')}
                        value={c.op}
                        onChange={(e) => update(c.id, { op: e.target.value })}
                        options={field.operators.map((op) => ({ value: op, label: opLabel(op) }))}
                      />
                      {needsValue(c.op) &&
                        (field.type === 'boolean' ? (
                          <SelectField
                            label={t('segments.value')}
                            value={c.value || 'true'}
                            onChange={(e) => update(c.id, { value: e.target.value })}
                            options={[
                              { value: 'true', label: t('segments.true') },
                              { value: 'false', label: t('segments.false') },
                            ]}
                          />
                        ) : (
                          <TextField
                            label={t('segments.value')}
                            hint={t('segments.valueHint')}
                            type={
                              field.type === 'date' ||
                              (field.type === 'timestamp' && ['before', 'after'].includes(c.op))
                                ? 'date'
                                : 'text'
                            }
                            value={c.value}
                            onChange={(e) => update(c.id, { value: e.target.value })}
                          />
                        ))}
                      <button
                        type="button"
                        className="btn"
                        onClick={() =>
                          setDraft((d) => ({ ...d, conditions: d.conditions.filter((x) => x.id !== c.id) }))
                        }
                      >
                        {t('segments.remove')}
                      </button>
                    </div>
                  </li>
                );
              })}
            </ol>
            <button type="button" className="btn" onClick={addCondition}>
              <Icon name="plus" /> {t('segments.addCondition')}
            </button>
          </>
        )}
        <div role="status" aria-live="polite" data-testid="segment-count">
          {!rule ? (
            <p className="muted">{t('segments.noConditions')}</p>
          ) : previewError !== undefined ? (
            <Notice kind="error">{errorMessage(previewError, t)}</Notice>
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
        {saveError !== undefined && <Notice kind="error">{errorMessage(saveError, t)}</Notice>}
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
                    <td data-label={t('segments.name')}>{s.name}</td>
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
