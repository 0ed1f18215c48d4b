// The club switcher in the sidebar. A native <select> cuts a long name at the sidebar's width and lays a
// mixed-direction name ("Café יפו") out in the page's direction; here the current club's name wraps and every
// name is its own bidi island (<bdi>), and the other clubs are links.
import { useState } from 'react';
import { Link } from '../shared/components/Icon.tsx';
import { useI18n } from '../shared/i18n/index.tsx';

export function ProgramSwitcher(props: {
  programs: readonly { id: string; name: string }[];
  currentId: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const current = props.programs.find((p) => p.id === props.currentId);
  const others = props.programs.filter((p) => p.id !== props.currentId);
  return (
    <div className="program-switcher">
      <span className="sr-only">{t('nav.program')}</span>
      <span className="program-name" data-testid="program-name">
        <bdi>{current?.name}</bdi>
      </span>
      {others.length > 0 && (
        <>
          <button
            type="button"
            className="btn btn-link"
            aria-expanded={open}
            aria-controls="program-switcher-list"
            onClick={() => setOpen((o) => !o)}
          >
            {t('nav.switchProgram')}
          </button>
          {open && (
            <ul id="program-switcher-list" aria-label={t('nav.switchProgram')}>
              {others.map((p) => (
                <li key={p.id}>
                  <Link to={`/p/${p.id}/dashboard`}>
                    <bdi>{p.name}</bdi>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
