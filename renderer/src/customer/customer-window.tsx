/**
 * The customer window's page (renderer/customer.html): the customer screen, also the kiosk's, in
 * the language its screen state carries.
 */
// The app first: its kiosk stylesheet comes before the shared ones in the cascade, as it always has.
import { CustomerApp, screenLanguage } from './CustomerApp.tsx';
import { bootWindow } from '../shared/boot-window.tsx';
import { call } from '../shared/ipc-client.ts';
import '../shared/base.css';
import './customer.css';
import { CUSTOMER_CATALOGUES } from './customer-catalogues.ts';

void bootWindow({
  kind: 'customer',
  App: CustomerApp,
  title: (t) => t('common:app.title_customer'),
  catalogues: CUSTOMER_CATALOGUES,
  language: async () => screenLanguage(await call('customer.state')),
});
