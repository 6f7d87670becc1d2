/**
 * One bundle, two windows: `#/staff` is the console, `#/customer` the customer screen. Main
 * decides which window loads which (and what each may call); the hash only picks what to draw.
 * Both start in the default language; the staff console then applies the station's language
 * (settings), and the customer screen the one its state carries.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { CustomerApp } from './customer/CustomerApp.tsx';
import { applyLanguage, i18n } from './shared/i18n/index.ts';
import { DEFAULT_LANGUAGE } from '../../contract/languages.ts';
import { pageFromHash } from './staff/staff-view.ts';
import { StaffApp } from './staff/StaffApp.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  const page = pageFromHash(location.hash);
  const setTitle = () => {
    document.title =
      page === 'customer' ? i18n.t('common:app.title_customer') : i18n.t('common:app.title_staff');
  };
  applyLanguage(DEFAULT_LANGUAGE);
  setTitle();
  i18n.on('languageChanged', setTitle);
  document.documentElement.dataset.page = page;
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>{page === 'customer' ? <CustomerApp /> : <StaffApp />}</I18nextProvider>
    </StrictMode>,
  );
}
