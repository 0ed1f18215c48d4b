import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';

/** The page title (also the document title) and the page's main actions. */
export function PageHead(props: { title: string; children?: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${props.title} · ${t('app.name')}`;
  }, [props.title, t]);
  return (
    <div className="page-head">
      <h1>{props.title}</h1>
      {props.children && <div className="btn-row">{props.children}</div>}
    </div>
  );
}
