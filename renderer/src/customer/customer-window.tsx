/** The customer window's page (renderer/customer.html): the customer screen, also the kiosk's. */
// The app first: its kiosk stylesheet comes before the shared ones in the cascade, as it always has.
import { CustomerApp } from './CustomerApp.tsx';
import { bootWindow } from '../shared/boot-window.tsx';
import '../shared/base.css';
import './customer.css';

bootWindow({ kind: 'customer', App: CustomerApp, titleKey: 'common:app.title_customer' });
