// The signup form builder: the editor on one side, the live preview beside it (below on a phone), and once
// saved the embed snippets. Fields, consent wording per language, target lists, double opt-in, thank-you.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../../shared/api.ts';
import { CheckboxField, TextField } from '../../../shared/components/forms.tsx';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { LOCALES } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { ConsentEditor } from './ConsentEditor.tsx';
import { EmbedPanel } from './EmbedPanel.tsx';
import { draftFromForm, newDraft, toDefinition, type Draft } from './form-draft.ts';
import { FormPreview } from './FormPreview.tsx';
import { LocalizedInputs } from './LocalizedInputs.tsx';
import type { MailingList, SignupForm } from './types.ts';
import './membership.css';

type Attributes = Record<string, { type: string; label?: string; required?: boolean }>;

export function FormBuilder(props: { formId?: string | undefined }) {
  const program = useProgram();
  const data = useResource(
    async (signal) => {
      const [club, lists, form] = await Promise.all([
        api.get<{ memberAttributeSchema: Attributes }>(program.api(''), { signal }),
        api.get<{ items: MailingList[] }>(program.api('/lists'), { signal }),
        props.formId ? api.get<SignupForm>(program.api(`/forms/${props.formId}`), { signal }) : undefined,
      ]);
      return { attributes: club.memberAttributeSchema ?? {}, lists: lists.items, form };
    },
    [props.formId],
  );
  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  return <Editor key={props.formId ?? 'new'} {...data.data} />;
}

function Editor(props: { attributes: Attributes; lists: MailingList[]; form: SignupForm | undefined }) {
  const { t, locale } = useI18n();
  const program = useProgram();
  const canWrite = program.can('membership:write');
  const names = Object.keys(props.attributes);
  const [form, setForm] = useState(props.form);
  const [draft, setDraft] = useState<Draft>(() =>
    form ? draftFromForm(form, names) : newDraft(locale, names),
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const createKey = useRef(newIdempotencyKey());
  const update = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const preview = useMemo(() => toDefinition(draft, { preview: true }), [draft]);
  const fieldLabel = (name: string) =>
    name.startsWith('attributes.')
      ? (props.attributes[name.slice(11)]?.label ?? name.slice(11))
      : t(`forms.field.${name}` as MessageKey);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    const body = { name: draft.name.trim(), definition: toDefinition(draft) };
    try {
      const result = form
        ? await api.patch<SignupForm>(program.api(`/forms/${form.id}`), body)
        : await api.post<SignupForm>(program.api('/forms'), body, { idempotencyKey: createKey.current });
      setForm(result);
      setSaved(true);
      if (!form) navigate(program.link(`/forms/${result.id}`), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  async function setStatus(status: 'active' | 'archived') {
    if (!form) return;
    try {
      setForm(await api.patch<SignupForm>(program.api(`/forms/${form.id}`), { status }));
    } catch (err) {
      setError(err);
    }
  }

  const toggleLocale = (l: (typeof LOCALES)[number], on: boolean) =>
    update({ locales: on ? [...draft.locales, l] : draft.locales.filter((x) => x !== l) });

  return (
    <>
      <p>
        <Link to={program.link('/forms')}>
          <Icon name="arrow-back" /> {t('nav.forms')}
        </Link>
      </p>
      <PageHead title={form ? form.name : t('forms.new')}>
        {form && canWrite && (
          <button
            type="button"
            className="btn"
            onClick={() => void setStatus(form.status === 'active' ? 'archived' : 'active')}
          >
            {form.status === 'active' ? t('forms.archive') : t('forms.reopen')}
          </button>
        )}
      </PageHead>
      {form?.status === 'archived' && <Notice>{t('forms.archivedNotice')}</Notice>}
      <div className="builder">
        <form className="card builder-editor" aria-label={t('forms.editor')} onSubmit={(e) => void save(e)}>
          <TextField
            label={t('forms.name')}
            hint={t('forms.nameHint')}
            name="formName"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => update({ name: e.target.value })}
          />
          <fieldset>
            <legend>{t('forms.languages')}</legend>
            <p className="hint muted">{t('forms.languagesHint')}</p>
            {LOCALES.map((l) => (
              <CheckboxField
                key={l}
                label={t(`forms.language.${l}`)}
                name={`locale-${l}`}
                lang={l}
                checked={draft.locales.includes(l)}
                disabled={draft.locales.length === 1 && draft.locales[0] === l}
                onChange={(e) => toggleLocale(l, e.target.checked)}
              />
            ))}
            {draft.locales.length > 1 && (
              <div className="field">
                <label htmlFor="default-locale">{t('forms.defaultLanguage')}</label>
                <select
                  id="default-locale"
                  value={draft.locales[0]}
                  onChange={(e) =>
                    update({
                      locales: [
                        ...draft.locales.filter((x) => x === e.target.value),
                        ...draft.locales.filter((x) => x !== e.target.value),
                      ],
                    })
                  }
                >
                  {draft.locales.map((l) => (
                    <option key={l} value={l}>
                      {t(`forms.language.${l}`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </fieldset>
          <LocalizedInputs
            label={t('forms.title')}
            name="title"
            locales={draft.locales}
            value={draft.title}
            onChange={(title) => update({ title })}
          />
          <fieldset>
            <legend>{t('forms.fields')}</legend>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('forms.field')}</th>
                  <th scope="col">{t('forms.ask')}</th>
                  <th scope="col">{t('forms.required')}</th>
                </tr>
              </thead>
              <tbody>
                {draft.fields.map((f, i) => {
                  const set = (patch: Partial<typeof f>) =>
                    update({ fields: draft.fields.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
                  return (
                    <tr key={f.name}>
                      <th scope="row">{fieldLabel(f.name)}</th>
                      <td>
                        <input
                          type="checkbox"
                          name={`field-${f.name}`}
                          aria-label={t('forms.askFor', { field: fieldLabel(f.name) })}
                          checked={f.on}
                          onChange={(e) =>
                            set({ on: e.target.checked, required: e.target.checked && f.required })
                          }
                        />
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          name={`required-${f.name}`}
                          aria-label={t('forms.requiredFor', { field: fieldLabel(f.name) })}
                          checked={f.required}
                          disabled={!f.on}
                          onChange={(e) => set({ required: e.target.checked })}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </fieldset>
          <ConsentEditor
            locales={draft.locales}
            consents={draft.consents}
            onChange={(consents) => update({ consents })}
          />
          <fieldset>
            <legend>{t('forms.lists')}</legend>
            {props.lists.length === 0 ? (
              <p className="muted">
                {t('forms.noLists')} <Link to={program.link('/lists')}>{t('nav.lists')}</Link>
              </p>
            ) : (
              props.lists.map((list) => (
                <CheckboxField
                  key={list.id}
                  label={list.name}
                  name={`list-${list.id}`}
                  checked={draft.listIds.includes(list.id)}
                  onChange={(e) =>
                    update({
                      listIds: e.target.checked
                        ? [...draft.listIds, list.id]
                        : draft.listIds.filter((id) => id !== list.id),
                    })
                  }
                />
              ))
            )}
          </fieldset>
          <fieldset>
            <legend>{t('forms.afterSignup')}</legend>
            <CheckboxField
              label={t('forms.doubleOptIn')}
              name="doubleOptIn"
              checked={draft.doubleOptIn}
              onChange={(e) => update({ doubleOptIn: e.target.checked })}
            />
            <p className="hint muted">{t('forms.doubleOptInHint')}</p>
            <div className="field" role="radiogroup" aria-label={t('forms.thankYou')}>
              {(['text', 'redirect'] as const).map((mode) => (
                <label key={mode} className="check">
                  <input
                    type="radio"
                    name="thankYouMode"
                    value={mode}
                    checked={draft.thankYouMode === mode}
                    onChange={() => update({ thankYouMode: mode })}
                  />
                  {t(`forms.thankYou.${mode}`)}
                </label>
              ))}
            </div>
            {draft.thankYouMode === 'text' ? (
              <LocalizedInputs
                label={t('forms.thankYouText')}
                name="thankYou"
                multiline
                locales={draft.locales}
                value={draft.thankYouText}
                onChange={(thankYouText) => update({ thankYouText })}
              />
            ) : (
              <TextField
                label={t('forms.redirectUrl')}
                name="redirectUrl"
                type="url"
                dir="ltr"
                required
                placeholder="https://shop.example/thanks"
                value={draft.redirectUrl}
                onChange={(e) => update({ redirectUrl: e.target.value })}
              />
            )}
          </fieldset>
          {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
          {saved && <Notice kind="success">{t('forms.saved')}</Notice>}
          {canWrite && (
            <button type="submit" className="btn btn-primary" disabled={saving}>
              {saving ? t('common.working') : form ? t('common.save') : t('forms.create')}
            </button>
          )}
        </form>
        <div className="builder-side">
          <FormPreview definition={preview} />
        </div>
      </div>
      {form && (
        <EmbedPanel
          form={form}
          attributeLabel={(name) => (name.startsWith('attributes.') ? fieldLabel(name) : undefined)}
        />
      )}
    </>
  );
}
