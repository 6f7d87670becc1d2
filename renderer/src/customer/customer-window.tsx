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
import { CUSTOMER_NAMESPACES } from './customer-namespaces.ts';

void bootWindow({
  kind: 'customer',
  App: CustomerApp,
  title: (t) => t('common:app.title_customer'),
  namespaces: CUSTOMER_NAMESPACES,
  language: async () => screenLanguage(await call('customer.state')),
});
