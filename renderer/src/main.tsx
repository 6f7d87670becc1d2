/**
 * One bundle, two windows: `#/staff` is the console, `#/customer` the customer screen. Main
 * decides which window loads which (and what each may call); the hash only picks what to draw.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomerApp } from './customer/CustomerApp.tsx';
import { applyLanguage, i18n } from './i18n/index.ts';
import { DEFAULT_LANGUAGE } from './i18n/languages.ts';
import { pageFromHash } from './page.ts';
import { StaffApp } from './staff/StaffApp.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  const page = pageFromHash(location.hash);
  applyLanguage(DEFAULT_LANGUAGE);
  document.title = `${i18n.t('app.name')} — ${page === 'customer' ? 'verification' : 'console'}`;
  document.documentElement.dataset.page = page;
  createRoot(root).render(<StrictMode>{page === 'customer' ? <CustomerApp /> : <StaffApp />}</StrictMode>);
}
