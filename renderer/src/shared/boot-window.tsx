/**
 * Starts a window's page. Each window has its own HTML page and entry (staff.html →
 * staff/staff-window.tsx, customer.html → customer/customer-window.tsx), so neither loads the
 * other's code; both start here, in the default language. The staff console then applies the
 * station's language (settings), the customer screen the one its state carries.
 */
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import type { WindowKind } from '../../../contract/ipc.ts';
import { DEFAULT_LANGUAGE } from '../../../contract/languages.ts';
import { applyLanguage, i18n } from './i18n/index.ts';

export interface WindowPage {
  kind: WindowKind;
  /** The window's React app. */
  App: ComponentType;
  /** The catalogue key of the window's title, said in the page's language. */
  titleKey: string;
}

export function bootWindow({ kind, App, titleKey }: WindowPage): void {
  const root = document.getElementById('root');
  if (!root) return;
  const setTitle = () => {
    document.title = i18n.t(titleKey);
  };
  applyLanguage(DEFAULT_LANGUAGE);
  setTitle();
  i18n.on('languageChanged', setTitle);
  document.documentElement.dataset.page = kind;
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </StrictMode>,
  );
}
