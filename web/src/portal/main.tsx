import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../shared/i18n/index.tsx';
import '../shared/styles.css';
import './portal.css';
import { PortalApp } from './PortalApp.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider storageKey="moadon.portal.prefs">
      <PortalApp />
    </I18nProvider>
  </StrictMode>,
);
