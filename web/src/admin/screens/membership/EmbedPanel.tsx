// The three ways to put a saved form on a site: the embed script, a plain HTML form, the hosted link.
import { useState } from 'react';
import { useI18n, translate, type MessageKey } from '../../../shared/i18n/index.tsx';
import { Link } from '../../../shared/components/Icon.tsx';
import { useProgram } from '../../session.tsx';
import { plainHtmlSnippet } from './form-draft.ts';
import type { SignupForm } from './types.ts';

function Snippet(props: { id: string; title: string; hint: string; code: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.code);
    } catch {
      // No clipboard permission (plain http, old browser): select the text so Ctrl+C works.
      const range = document.createRange();
      range.selectNodeContents(document.getElementById(props.id)!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <div className="snippet">
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <p className="muted">{props.hint}</p>
      <pre className="ltr" aria-labelledby={`${props.id}-title`}>
        <code id={props.id} data-testid={props.id}>
          {props.code}
        </code>
      </pre>
      <div className="btn-row">
        <button type="button" className="btn" onClick={() => void copy()}>
          {t('common.copy')}
        </button>
        <span role="status" className="muted">
          {copied ? t('forms.copied') : ''}
        </span>
      </div>
    </div>
  );
}

export function EmbedPanel(props: { form: SignupForm; attributeLabel(name: string): string | undefined }) {
  const { t } = useI18n();
  const program = useProgram();
  const { form } = props;
  const formLocale = form.definition.locales[0] ?? 'en';
  const label = (name: string) =>
    props.attributeLabel(name) ?? translate(formLocale, `forms.field.${name}` as MessageKey);
  return (
    <section className="card" aria-labelledby="embed-title">
      <h2 id="embed-title">{t('forms.embed')}</h2>
      <Snippet
        id="embed-script"
        title={t('forms.embedScript')}
        hint={t('forms.embedScriptHint')}
        code={form.urls.embedSnippet}
      />
      <Snippet
        id="embed-html"
        title={t('forms.embedHtml')}
        hint={t('forms.embedHtmlHint')}
        code={plainHtmlSnippet(form.definition, form.urls.submit, label)}
      />
      <Snippet
        id="embed-link"
        title={t('forms.hostedLink')}
        hint={t('forms.hostedLinkHint')}
        code={form.urls.hosted}
      />
      <p>
        <a href={form.urls.hosted} target="_blank" rel="noreferrer">
          {t('forms.openHosted')}
        </a>
      </p>
      <p>
        <Link to={program.link(`/forms/${form.id}/poster`)}>{t('poster.open')}</Link>
      </p>
    </section>
  );
}
