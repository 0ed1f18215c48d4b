// The live preview: the server renders the unsaved draft exactly as the hosted page renders it, shown in a
// sandboxed frame (no scripts, no submitting). Hebrew and Persian come out right to left, as visitors see them.
import { useEffect, useState } from 'react';
import { api } from '../../../shared/api.ts';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import type { Locale } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import type { FormDefinition } from './types.ts';

export function FormPreview(props: { definition: FormDefinition }) {
  const { t } = useI18n();
  const program = useProgram();
  const { locales } = props.definition;
  const [chosen, setChosen] = useState<Locale>(locales[0]!);
  const locale = locales.includes(chosen) ? chosen : locales[0]!;
  const [html, setHtml] = useState<string>();
  const [error, setError] = useState<unknown>();
  const body = JSON.stringify({ definition: props.definition, locale });

  useEffect(() => {
    const controller = new AbortController();
    // Typing changes the draft on every key: render once the typing pauses.
    const timer = setTimeout(() => {
      api
        .post<{ html: string }>(
          `/api/programs/${program.programId}/forms/preview`,
          JSON.parse(body) as object,
          {
            signal: controller.signal,
          },
        )
        .then(
          (res) => {
            setHtml(res.html);
            setError(undefined);
          },
          (err: Error) => err.name !== 'AbortError' && setError(err),
        );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body, program.programId]);

  return (
    <section className="card preview" aria-labelledby="preview-title">
      <div className="page-head">
        <h2 id="preview-title">{t('forms.preview')}</h2>
        {locales.length > 1 && (
          <div className="tabs" role="tablist" aria-label={t('forms.previewLanguage')}>
            {locales.map((l) => (
              <button
                key={l}
                type="button"
                role="tab"
                aria-selected={l === locale}
                lang={l}
                onClick={() => setChosen(l)}
              >
                {t(`forms.language.${l}`)}
              </button>
            ))}
          </div>
        )}
      </div>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {html !== undefined && (
        <iframe
          className="preview-frame"
          title={t('forms.previewFrame')}
          sandbox=""
          srcDoc={html}
          data-locale={locale}
        />
      )}
    </section>
  );
}
