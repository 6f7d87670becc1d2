/**
 * Starts a window's page. Each window has its own HTML page and entry (staff.html →
 * staff/staff-window.tsx, customer.html → customer/customer-window.tsx), so neither loads the
 * other's code. Both report their uncaught errors to main's log (error-reporting.ts, and the
 * error boundary around the app). The page is drawn once it can speak: the window asks main which language it
 * speaks (the station's, or the customer's), fetches only that language's catalogues (the ones it
 * says), then renders. If main does not answer, it starts in the default language.
 */
import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import type { WindowKind } from '../../../contract/ipc.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../../contract/languages.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { createErrorReporter, reportUncaughtErrors } from './error-reporting.ts';
import {
  applyLanguage,
  i18n,
  setWindowCatalogues,
  type TFunction,
  type WindowCatalogues,
} from './i18n/index.ts';
import { call } from './ipc-client.ts';

export interface WindowPage {
  kind: WindowKind;
  /** The window's React app. */
  App: ComponentType;
  /** The window's title, said in the page's language. */
  title: (t: TFunction) => string;
  /** Where the window's catalogues are: the namespaces (or parts) its code says anything from. */
  catalogues: WindowCatalogues;
  /** The language the window starts in, as main says it. */
  language: () => Promise<Language>;
}

export async function bootWindow({ kind, App, title, catalogues, language }: WindowPage): Promise<void> {
  // First, so that even a failure to start reaches main's log.
  const reporter = createErrorReporter((report) => call('app.reportError', report));
  reportUncaughtErrors(window, reporter);
  const root = document.getElementById('root');
  if (!root) return;
  document.documentElement.dataset.page = kind;
  setWindowCatalogues(catalogues);
  const setTitle = () => {
    document.title = title(i18n.t);
  };
  i18n.onLanguageChanged(setTitle);
  const first = await language().catch(() => DEFAULT_LANGUAGE);
  await applyLanguage(first).catch(() => applyLanguage(DEFAULT_LANGUAGE));
  setTitle();
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary reporter={reporter}>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
