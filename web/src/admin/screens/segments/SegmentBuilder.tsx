// The segment builder: the rule editor with the rule in words, a live count and a sample of members (one
// debounced preview per pause), the name and a save button. The segments screen uses it to create a segment and
// the segment page to edit a saved one (starting from its rule and name).
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../../shared/api.ts';
import { TextField } from '../../../shared/components/forms.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
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

export interface BuilderProps {
  fields: FieldInfo[];
  /** The draft and name to start from (a saved segment being edited); an empty rule otherwise. */
  initial?: { root: DraftGroup; name: string };
  submitLabel: string;
  /** Saves the rule under the name; a rejection is shown on the node the error names. */
  onSave: (name: string, rule: unknown) => Promise<void>;
  /** Clears the name after a save (creating one segment after another, the rule kept to vary). */
  clearNameAfterSave?: boolean;
  children?: React.ReactNode;
}

export function SegmentBuilder(props: BuilderProps) {
  const { t, date } = useI18n();
  const program = useProgram();
  const canWrite = program.can('segments:write');
  const choices = useRuleChoices();
  const [root, setRoot] = useState<DraftGroup>(() => props.initial?.root ?? newGroup());
  const [name, setName] = useState(props.initial?.name ?? '');
  const [preview, setPreview] = useState<{ count: number; sample: SampleMember[] }>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [counting, setCounting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const { fields } = props;
  const { rule, paths } = useMemo(() => ruleOf(root, fields), [root, fields]);
  const ruleJson = JSON.stringify(rule ?? null);
  const summary = summarise(root, fields, { t, names: choices.names, tierNames: choices.tierNames });
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
    setSaving(true);
    try {
      await props.onSave(name, rule);
      if (props.clearNameAfterSave) setName('');
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <RuleEditor root={root} fields={fields} choices={choices} error={nodeError} onChange={setRoot} />
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
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {props.submitLabel}
          </button>
          {props.children}
        </form>
      )}
      {saveError !== undefined && (
        <Notice kind="error">{nodeError?.message ?? errorMessage(saveError, t)}</Notice>
      )}
    </>
  );
}
