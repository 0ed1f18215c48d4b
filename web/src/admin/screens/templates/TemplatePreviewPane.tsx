// The live preview: the server renders the unsaved draft for the sample member or a chosen real one, in the
// language being edited (or its fallback, said so), at desktop or phone width, in a sandboxed frame. The
// problems a save would refuse are listed as the author types.
import { useEffect, useState } from 'react';
import { api, query } from '../../../shared/api.ts';
import { Loading, Notice, errorMessage } from '../../../shared/components/states.tsx';
import { directionOf, type Locale } from '../../../shared/format.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { useProgram } from '../../session.tsx';
import { ProblemList } from './ProblemList.tsx';
import type { TemplateDraft, TemplatePreview } from '../../../../../src/contracts/templates.ts';

interface MemberChoice {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
}

const WIDTH = { desktop: 640, phone: 375 } as const;

export function TemplatePreviewPane(props: { draft: TemplateDraft; locale: Locale }) {
  const { t } = useI18n();
  const program = useProgram();
  const [device, setDevice] = useState<keyof typeof WIDTH>('desktop');
  const [member, setMember] = useState<MemberChoice>();
  const [preview, setPreview] = useState<TemplatePreview>();
  const [error, setError] = useState<unknown>();
  // A new template has no name yet; the preview does not need one (an empty name would be refused).
  const { name, ...draft } = props.draft;
  const body = JSON.stringify({
    ...draft,
    name: name || undefined,
    locale: props.locale,
    memberId: member?.id,
  });

  useEffect(() => {
    const controller = new AbortController();
    // Typing changes the draft on every key: render once the typing pauses.
    const timer = setTimeout(() => {
      api
        .post<TemplatePreview>(program.api('/templates/preview'), JSON.parse(body) as object, {
          signal: controller.signal,
        })
        .then(
          (res) => {
            setPreview(res);
            setError(undefined);
          },
          (err: Error) => err.name !== 'AbortError' && setError(err),
        );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body, program.programId]);

  const isEmail = props.draft.channel === 'email';
  return (
    <section className="card preview" aria-labelledby="template-preview-title">
      <div className="page-head">
        <h2 id="template-preview-title">{t('templates.preview')}</h2>
        {isEmail && (
          <div className="tabs" role="tablist" aria-label={t('templates.previewWidth')}>
            {(['desktop', 'phone'] as const).map((d) => (
              <button
                key={d}
                type="button"
                role="tab"
                aria-selected={d === device}
                onClick={() => setDevice(d)}
              >
                {t(`templates.device.${d}`)}
              </button>
            ))}
          </div>
        )}
      </div>
      <MemberPicker member={member} onChange={setMember} />
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {!preview && error === undefined && <Loading />}
      {preview && preview.locale !== props.locale && (
        <Notice>
          {t('templates.fallback', {
            wanted: t(`templates.language.${props.locale}`),
            shown: t(`templates.language.${preview.locale}`),
          })}
        </Notice>
      )}
      {preview && preview.problems.length > 0 && (
        <ProblemList problems={preview.problems} title={t('templates.previewProblems')} />
      )}
      {preview?.subject != null && (
        <p className="template-subject">
          <span className="hint">{t('templates.subject')}:</span>{' '}
          <bdi dir={directionOf(preview.locale)} data-testid="preview-subject">
            {preview.subject}
          </bdi>
        </p>
      )}
      {isEmail && preview?.html != null && (
        <iframe
          className="template-frame"
          title={t('templates.previewFrame')}
          sandbox=""
          srcDoc={preview.html}
          style={{ inlineSize: `${WIDTH[device]}px` }}
          data-device={device}
          data-locale={preview.locale}
        />
      )}
      {!isEmail && preview?.text != null && (
        <p className="template-sms" dir={directionOf(preview.locale)} data-testid="preview-sms">
          {preview.text}
        </p>
      )}
      {isEmail && preview?.text != null && (
        <details>
          <summary>{t('templates.textPart')}</summary>
          <pre className="template-text" dir={directionOf(preview.locale)}>
            {preview.text}
          </pre>
        </details>
      )}
    </section>
  );
}

function MemberPicker(props: {
  member: MemberChoice | undefined;
  onChange(member: MemberChoice | undefined): void;
}) {
  const { t } = useI18n();
  const program = useProgram();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<MemberChoice[]>();
  useEffect(() => {
    if (q.trim().length < 2) return setFound(undefined);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<{ items: MemberChoice[] }>(program.api(`/members${query({ q: q.trim(), limit: 5 })}`), {
          signal: controller.signal,
        })
        .then(
          (res) => setFound(res.items),
          () => setFound([]),
        );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, program.programId]);
  const nameOf = (m: MemberChoice) =>
    [m.firstName, m.lastName].filter(Boolean).join(' ') || m.email || m.phone || m.id;

  if (props.member) {
    return (
      <p className="template-member">
        {t('templates.member.as', { name: nameOf(props.member) })}{' '}
        <button className="btn-link" type="button" onClick={() => props.onChange(undefined)}>
          {t('templates.member.useSample')}
        </button>
      </p>
    );
  }
  if (!program.can('members:read')) return <p className="hint">{t('templates.member.sample')}</p>;
  return (
    <div className="template-member">
      <label>
        {t('templates.member.search')}{' '}
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('templates.member.sample')}
        />
      </label>
      {found && found.length === 0 && <p className="hint">{t('templates.member.none')}</p>}
      {found && found.length > 0 && (
        <ul className="template-member-results">
          {found.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className="btn-link"
                onClick={() => {
                  props.onChange(m);
                  setQ('');
                }}
              >
                {nameOf(m)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
