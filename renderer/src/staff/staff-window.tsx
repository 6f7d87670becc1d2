/** The staff window's page (renderer/staff.html): the console, in the station's language. */
import { bootWindow } from '../shared/boot-window.tsx';
import { call } from '../shared/ipc-client.ts';
import '../shared/base.css';
import './staff.css';
import { StaffApp } from './StaffApp.tsx';
import { STAFF_NAMESPACES } from './staff-namespaces.ts';

void bootWindow({
  kind: 'staff',
  App: StaffApp,
  title: (t) => t('common:app.title_staff'),
  namespaces: STAFF_NAMESPACES,
  language: async () => (await call('settings.get')).language,
});
