// The template editor: name, purpose, languages; per language the subject and MJML body (e-mail) or the text
// (SMS); beside it the live preview. Saving shows the server's problems (each with its language, field and
// line) — the same the preview lists while typing.
import { useEffect, useState } from 'react';
import { ApiError, api, newIdempotencyKey } from '../../../shared/api.ts';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../shared/components/forms.tsx';
import { ErrorState, Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { LOCALES, directionOf, type Locale } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { navigate } from '../../../shared/router.ts';
import { useProgram } from '../../session.tsx';
import { ProblemList } from './ProblemList.tsx';
import { TemplatePreviewPane } from './TemplatePreviewPane.tsx';
import type {
  MessageTemplate,
  SenderProfile,
  TemplateChannel,
  TemplateDraft,
  TemplateProblem,
} from '../../../../../src/contracts/templates.ts';
import { starterVariant } from './starter-variant.ts';
import './templates.css';

/** The template just created: its editor opens (at its own address) saying it was saved. */
let justCreated: string | undefined;

interface Loaded {
  draft: TemplateDraft;
  key: string;
  template?: MessageTemplate;
  israeliMode: boolean;
}

export function TemplateEditor(props: { templateId?: string; channel?: TemplateChannel }) {
  const { locale: uiLocale } = useI18n();
  const program = useProgram();
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    (async () => {
      const sender = await api.get<SenderProfile>(program.api('/sender-profile'), { signal });
      if (props.templateId) {
        const template = await api.get<MessageTemplate>(program.api(`/templates/${props.templateId}`), {
          signal,
        });
        const { id: _id, key, createdAt: _c, updatedAt: _u, ...draft } = template;
        return { draft, key, template, israeliMode: sender.israeliMode };
      }
      const channel = props.channel === 'sms' ? 'sms' : 'email';
      const defaultLocale: Locale = sender.israeliMode ? 'he' : uiLocale;
      return {
        key: '',
        israeliMode: sender.israeliMode,
        draft: {
          name: '',
          channel,
          purpose: 'marketing',
          defaultLocale,
          variants: { [defaultLocale]: starterVariant(channel, defaultLocale, sender.israeliMode) },
        } satisfies TemplateDraft,
      };
    })().then(
      (l) => !signal.aborted && setLoaded(l),
      (error: Error) => !signal.aborted && error.name !== 'AbortError' && setLoadError(error),
    );
    return () => controller.abort();
  }, [program.programId, props.templateId, props.channel]);

  if (loadError !== undefined) return <ErrorState error={loadError} />;
  if (!loaded) return <Loading />;
  return <Editor key={loaded.template?.id ?? 'new'} loaded={loaded} />;
}

function Editor(props: { loaded: Loaded }) {
  const { t } = useI18n();
  const program = useProgram();
  const [draft, setDraft] = useState<TemplateDraft>(props.loaded.draft);
  const [key, setKey] = useState(props.loaded.key);
  const [saved, setSaved] = useState<MessageTemplate | undefined>(props.loaded.template);
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<Locale>(props.loaded.draft.defaultLocale);
  const [saveProblems, setSaveProblems] = useState<TemplateProblem[]>([]);
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string } | undefined>(() => {
    if (!props.loaded.template || props.loaded.template.id !== justCreated) return undefined;
    justCreated = undefined;
    return { kind: 'success', text: t('templates.saved') };
  });
  const [saving, setSaving] = useState(false);
  const canWrite = program.can('messaging:write');
  const isEmail = draft.channel === 'email';

  const change = (next: TemplateDraft) => {
    setDraft(next);
    setDirty(true);
    setStatus(undefined);
  };
  const variant = draft.variants[editing];
  const setVariant = (patch: Partial<{ subject: string | null; body: string }>) =>
    variant && change({ ...draft, variants: { ...draft.variants, [editing]: { ...variant, ...patch } } });
  const toggleLocale = (l: Locale, on: boolean) => {
    const variants = { ...draft.variants };
    if (on) variants[l] = starterVariant(draft.channel, l, props.loaded.israeliMode);
    else delete variants[l];
    change({ ...draft, variants });
    if (on) setEditing(l);
  };

  async function save() {
    setSaving(true);
    setSaveProblems([]);
    try {
      const body = {
        name: draft.name,
        purpose: draft.purpose,
        defaultLocale: draft.defaultLocale,
        variants: draft.variants,
      };
      const result = saved
        ? await api.put<MessageTemplate>(program.api(`/templates/${saved.id}`), body, {
            idempotencyKey: newIdempotencyKey(),
          })
        : await api.post<MessageTemplate>(
            program.api('/templates'),
            { ...body, key, channel: draft.channel },
            { idempotencyKey: newIdempotencyKey() },
          );
      setSaved(result);
      setDirty(false);
      setStatus({ kind: 'success', text: t('templates.saved') });
      if (!saved) {
        justCreated = result.id;
        navigate(program.link(`/templates/${result.id}`), { replace: true });
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'template_invalid') {
        setSaveProblems((error.details.problems as TemplateProblem[] | undefined) ?? []);
      }
      setStatus({ kind: 'error', text: errorMessage(error, t) });
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!saved || !window.confirm(t('templates.deleteConfirm', { name: saved.name }))) return;
    try {
      await api.delete(program.api(`/templates/${saved.id}`), { idempotencyKey: newIdempotencyKey() });
      navigate(program.link('/templates'));
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error, t) });
    }
  }

  const included = LOCALES.filter((l) => draft.variants[l]);
  return (
    <>
      <PageHead title={saved ? saved.name : t(isEmail ? 'templates.newEmail' : 'templates.newSms')}>
        {canWrite && (
          <button className="btn btn-primary" type="button" onClick={save} disabled={saving}>
            {t('templates.save')}
          </button>
        )}
        {canWrite && saved && (
          <button className="btn btn-danger" type="button" onClick={remove}>
            {t('templates.delete')}
          </button>
        )}
      </PageHead>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
      {saveProblems.length > 0 && <ProblemList problems={saveProblems} title={t('templates.saveProblems')} />}
      <div className="template-builder">
        <section className="card" aria-labelledby="template-fields">
          <h2 id="template-fields" className="sr-only">
            {t('templates.fields')}
          </h2>
          <div className="grid-2">
            <TextField
              label={t('templates.name')}
              value={draft.name}
              required
              maxLength={200}
              onChange={(e) => change({ ...draft, name: e.target.value })}
            />
            <TextField
              label={t('templates.key')}
              hint={t('templates.keyHint')}
              value={key}
              dir="ltr"
              pattern="[a-z0-9][a-z0-9_\-]*"
              maxLength={64}
              disabled={Boolean(saved)}
              onChange={(e) => {
                setKey(e.target.value);
                setDirty(true);
              }}
            />
            <SelectField
              label={t('templates.purpose')}
              value={draft.purpose}
              onChange={(e) => change({ ...draft, purpose: e.target.value as TemplateDraft['purpose'] })}
              options={[
                { value: 'marketing', label: t('templates.purpose.marketing') },
                { value: 'service', label: t('templates.purpose.service') },
              ]}
            />
            <SelectField
              label={t('templates.defaultLocale')}
              hint={t('templates.defaultLocaleHint')}
              value={draft.defaultLocale}
              onChange={(e) => change({ ...draft, defaultLocale: e.target.value as Locale })}
              options={LOCALES.map((l) => ({ value: l, label: t(`templates.language.${l}`) }))}
            />
          </div>
          <fieldset className="template-locales">
            <legend>{t('templates.languages')}</legend>
            {LOCALES.map((l) => (
              <CheckboxField
                key={l}
                label={t(`templates.language.${l}`)}
                checked={Boolean(draft.variants[l])}
                disabled={included.length === 1 && Boolean(draft.variants[l])}
                onChange={(e) => toggleLocale(l, e.target.checked)}
              />
            ))}
          </fieldset>
          <div className="tabs" role="tablist" aria-label={t('templates.editLanguage')}>
            {included.map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                lang={l}
                aria-selected={l === editing}
                onClick={() => setEditing(l)}
              >
                {t(`templates.language.${l}`)}
              </button>
            ))}
          </div>
          {variant && (
            <div role="tabpanel" lang={editing}>
              {isEmail && (
                <TextField
                  label={t('templates.subject')}
                  value={variant.subject ?? ''}
                  dir={directionOf(editing)}
                  maxLength={500}
                  onChange={(e) => setVariant({ subject: e.target.value })}
                />
              )}
              <TextAreaField
                label={t(isEmail ? 'templates.bodyMjml' : 'templates.bodySms')}
                hint={t(isEmail ? 'templates.bodyMjmlHint' : 'templates.bodySmsHint')}
                className="template-code"
                value={variant.body}
                dir={isEmail ? 'ltr' : directionOf(editing)}
                rows={isEmail ? 18 : 6}
                spellCheck={false}
                onChange={(e) => setVariant({ body: e.target.value })}
              />
            </div>
          )}
        </section>
        <div className="template-side">
          <TemplatePreviewPane draft={draft} locale={editing} />
          <TestSend template={saved} dirty={dirty} locale={editing} />
        </div>
      </div>
    </>
  );
}

function TestSend(props: { template: MessageTemplate | undefined; dirty: boolean; locale: Locale }) {
  const { t } = useI18n();
  const program = useProgram();
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<{ kind: 'success' | 'error'; text: string }>();
  if (!program.can('messaging:write')) return null;
  const isEmail = props.template?.channel !== 'sms';
  async function send() {
    if (!props.template) return;
    try {
      const res = await api.post<{ status: string }>(
        program.api(`/templates/${props.template.id}/test-send`),
        { to: to.trim(), locale: props.locale },
        { idempotencyKey: newIdempotencyKey() },
      );
      setStatus({ kind: 'success', text: t('templates.test.queued', { to: to.trim(), status: res.status }) });
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error, t) });
    }
  }
  return (
    <section className="card" aria-labelledby="test-send-title">
      <h2 id="test-send-title">{t('templates.test.title')}</h2>
      {!props.template ? (
        <p className="hint">{t('templates.test.saveFirst')}</p>
      ) : (
        <>
          {props.dirty && <p className="hint">{t('templates.test.savedVersion')}</p>}
          <TextField
            label={t(isEmail ? 'templates.test.email' : 'templates.test.phone')}
            type={isEmail ? 'email' : 'tel'}
            dir="ltr"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
          <button className="btn" type="button" onClick={send} disabled={!to.trim()}>
            {t('templates.test.send')}
          </button>
        </>
      )}
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
    </section>
  );
}
