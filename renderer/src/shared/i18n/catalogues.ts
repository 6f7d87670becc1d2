/**
 * Every catalogue, imported by name. Plain imports (not Vite's glob) so the same module loads in
 * the browser and in Node's tests; the `satisfies` makes the compiler refuse a language or a
 * namespace without its file.
 */
import type { Language } from '../../../../contract/languages.ts';
import enCommon from './locales/en/common.json';
import enCustomer from './locales/en/customer.json';
import enHub from './locales/en/hub.json';
import enKiosk from './locales/en/kiosk.json';
import enStaff from './locales/en/staff.json';
import jaCommon from './locales/ja/common.json';
import jaCustomer from './locales/ja/customer.json';
import jaHub from './locales/ja/hub.json';
import jaKiosk from './locales/ja/kiosk.json';
import jaStaff from './locales/ja/staff.json';

export const NAMESPACES = ['common', 'staff', 'customer', 'kiosk', 'hub'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type Catalogue = Record<string, unknown>;

export const CATALOGUES = {
  en: { common: enCommon, staff: enStaff, customer: enCustomer, kiosk: enKiosk, hub: enHub },
  ja: { common: jaCommon, staff: jaStaff, customer: jaCustomer, kiosk: jaKiosk, hub: jaHub },
} satisfies Record<Language, Record<Namespace, Catalogue>>;
