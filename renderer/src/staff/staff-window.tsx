/** The staff window's page (renderer/staff.html): the console, in the station's language. */
import { bootWindow } from '../shared/boot-window.tsx';
import { call } from '../shared/ipc-client.ts';
import '../shared/base.css';
import './staff.css';
import { StaffApp } from './StaffApp.tsx';
import { windowCatalogues } from '../shared/i18n/catalogues.ts';

void bootWindow({
  kind: 'staff',
  App: StaffApp,
  title: (t) => t('common:app.title_staff'),
  // The console says everything but the customer screen's own words, whole.
  catalogues: windowCatalogues(['common', 'staff', 'kiosk', 'hub']),
  language: async () => (await call('settings.get')).language,
});
