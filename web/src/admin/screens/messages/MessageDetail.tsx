// One message: who it went to and what it said (rendered as the recipient saw it, in a sandboxed frame), every
// status it passed through, and the bounce or complaint reports that came back for it.
import { api } from '../../../shared/api.ts';
import { Link } from '../../../shared/components/Icon.tsx';
import { PageHead } from '../../../shared/components/PageHead.tsx';
import { ErrorState, Loading } from '../../../shared/components/states.tsx';
import { directionOf } from '../../../shared/format.ts';
import { useResource } from '../../../shared/hooks.ts';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { labelOf } from '../../../shared/labels.ts';
import { useProgram } from '../../session.tsx';
import { Evidence } from '../deliverability/Deliverability.tsx';
import { statusBadge, type BounceEvidence } from '../deliverability/types.tsx';
import type { LogRow } from './MessageLog.tsx';

interface MessageFull extends LogRow {
  memberId: string | null;
  locale: string | null;
  html: string | null;
  reason: string | null;
  history: { status: string; detail: string | null; at: string }[];
  bounces: BounceEvidence[];
}

export function MessageDetail(props: { messageId: string }) {
  const { t, date } = useI18n();
  const program = useProgram();
  const message = useResource(
    (signal) => api.get<MessageFull>(program.api(`/messages/${props.messageId}`), { signal }),
    [props.messageId],
  );
  const back = (
    <Link className="btn" to={program.link('/messages')}>
      {t('log.back')}
    </Link>
  );
  if (message.error) {
    return (
      <>
        <PageHead title={t('log.detail')}>{back}</PageHead>
        <ErrorState error={message.error} onRetry={message.reload} />
      </>
    );
  }
  if (!message.data) return <Loading />;
  const m = message.data;
  const dir = m.locale ? directionOf(m.locale) : undefined;
  return (
    <>
      <PageHead title={t('log.detail')}>{back}</PageHead>
      <div className="card" data-testid="message-detail">
        <dl className="grid-2">
          <div>
            <dt className="muted">{t('log.to')}</dt>
            <dd>
              <bdi dir="ltr">{m.to}</bdi>
              {m.memberId && (
                <>
                  {' · '}
                  <Link to={program.link(`/members/${m.memberId}`)}>{t('log.member')}</Link>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt className="muted">{t('msg.status')}</dt>
            <dd data-testid="detail-status">{statusBadge(t, m.status)}</dd>
          </div>
          <div>
            <dt className="muted">{t('log.kind')}</dt>
            <dd>
              {labelOf(t, 'log.kind', m.kind)} · {labelOf(t, 'msg.channel', m.channel)} ·{' '}
              {t(`templates.purpose.${m.purpose}`)}
            </dd>
          </div>
          <div>
            <dt className="muted">{t('msg.when')}</dt>
            <dd>{date(m.createdAt, 'dateTime')}</dd>
          </div>
          {(m.reason || m.lastError) && (
            <div>
              <dt className="muted">{t('msg.why')}</dt>
              <dd dir="auto">{m.reason ?? m.lastError}</dd>
            </div>
          )}
        </dl>
      </div>

      <section className="card" aria-labelledby="log-content">
        <h2 id="log-content">{t('log.content')}</h2>
        {m.subject && (
          <p>
            <span className="hint">{t('templates.subject')}:</span> <bdi dir={dir}>{m.subject}</bdi>
          </p>
        )}
        {m.html ? (
          <iframe
            className="template-frame"
            title={t('log.preview')}
            sandbox=""
            srcDoc={m.html}
            data-testid="message-preview"
          />
        ) : (
          <p dir={dir} style={{ whiteSpace: 'pre-wrap' }} data-testid="message-text">
            {m.text}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="log-history">
        <h2 id="log-history">{t('log.history')}</h2>
        <ol data-testid="message-history">
          {m.history.map((h, i) => (
            <li key={i}>
              {statusBadge(t, h.status)} <span className="muted">{date(h.at, 'dateTime')}</span>
              {h.detail && (
                <>
                  {' — '}
                  <bdi dir="auto">{h.detail}</bdi>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      {m.bounces.length > 0 && (
        <section className="card" aria-labelledby="log-bounces" data-testid="message-bounces">
          <h2 id="log-bounces">{t('log.bounces')}</h2>
          {m.bounces.map((b) => (
            <div key={b.id}>
              <p>
                {labelOf(t, 'log.report', b.type)}
                {b.severity && ` · ${labelOf(t, 'log.severity', b.severity)}`}
                {b.reason && (
                  <>
                    {' · '}
                    <code dir="ltr">{b.reason}</code>
                  </>
                )}
              </p>
              <Evidence evidence={b} />
            </div>
          ))}
        </section>
      )}
    </>
  );
}
