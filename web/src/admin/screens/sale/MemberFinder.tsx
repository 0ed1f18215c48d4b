// Finds the member at the till: a scanned member card (its id), a phone number, a name, an e-mail or your
// own id. One match is chosen at once; several are listed to pick from.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../../shared/api.ts';
import { Icon, Link } from '../../../shared/components/Icon.tsx';
import { Notice, errorMessage } from '../../../shared/components/states.tsx';
import { useI18n } from '../../../shared/i18n/index.tsx';
import { memberIdFromCard } from '../../../shared/member-card.ts';
import { formatPhone } from '../../../shared/phone.ts';
import { useProgramDetails } from '../../program-details.ts';
import { useProgram } from '../../session.tsx';
import { displayName, type Member } from '../members/types.ts';

export function MemberFinder(props: { onFound(member: Member): void }) {
  const { t } = useI18n();
  const program = useProgram();
  const details = useProgramDetails();
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ query: string; members: Member[] }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function find(event: FormEvent) {
    event.preventDefault();
    const q = text.trim();
    if (!q) return;
    setBusy(true);
    setError(undefined);
    setFound(undefined);
    try {
      const cardId = memberIdFromCard(q);
      const members = cardId
        ? [await api.get<Member>(program.api(`/members/${cardId}`))]
        : (await api.get<{ items: Member[] }>(program.api(`/members${query({ q, limit: 10 })}`))).items;
      if (members.length === 1) props.onFound(members[0]!);
      else setFound({ query: q, members });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="sale-find">
      <form role="search" onSubmit={(e) => void find(e)} className="sale-find">
        <label htmlFor="sale-query" id="sale-find">
          {t('sale.find')}
        </label>
        <div className="btn-row">
          <input
            id="sale-query"
            name="q"
            className="input"
            type="search"
            autoFocus
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="sale-query-hint"
            style={{ flex: '1 1 14rem', inlineSize: 'auto' }}
          />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            <Icon name="search" /> {t('sale.findButton')}
          </button>
        </div>
        <span className="hint" id="sale-query-hint">
          {t('sale.findHint')}
        </span>
      </form>
      <div aria-live="polite">
        {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
        {found && found.members.length === 0 && (
          <Notice>
            {t('sale.noMatch', { query: found.query })}{' '}
            {program.can('members:write') && (
              <Link to={program.link('/members/new')}>{t('sale.addMember')}</Link>
            )}
          </Notice>
        )}
        {found && found.members.length > 1 && (
          <>
            <p>{t('sale.choose', { count: found.members.length })}</p>
            <ul className="choice-list" data-testid="sale-matches">
              {found.members.map((m) => (
                <li key={m.id}>
                  <button type="button" className="btn" onClick={() => props.onFound(m)}>
                    <strong>{displayName(m)}</strong>{' '}
                    <span className="ltr muted">{formatPhone(m.phone, details?.defaultRegion)}</span>{' '}
                    <span className="ltr muted">{m.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
