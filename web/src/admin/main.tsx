import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../shared/i18n/index.tsx';
import '../shared/styles.css';
import '../shared/layout.css';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider storageKey="moadon.admin.prefs">
      <App />
    </I18nProvider>
  </StrictMode>,
);
