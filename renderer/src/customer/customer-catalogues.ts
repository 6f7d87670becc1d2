/**
 * The catalogues the customer screen says, and only the parts it says: its own `customer`
 * namespace whole; from `kiosk` the call for help and the PIN pad (the kiosk's settings are the
 * console's); from `common` the app's titles and its words when a screen fails to draw, the title
 * and customer's words of each failure's guidance
 * (the staff's words are the console's), and the message of a main that cannot be reached. The
 * parts are cut at build time (`catalogue-slice:` in electron.vite.config.ts), so the window
 * never fetches the console's messages; test/unit/renderer/i18n-catalogue.test.ts checks that every key
 * the customer's code and shared/ say is in these parts, in both languages.
 */
import type { WindowCatalogues } from '../shared/i18n/index.ts';

export const CUSTOMER_CATALOGUES = {
  en: {
    common: () =>
      import('catalogue-slice:en/common?app,guidance.*.title,guidance.*.customer,error.unreachable'),
    customer: () => import('../shared/i18n/locales/en/customer.json'),
    kiosk: () => import('catalogue-slice:en/kiosk?help,pin'),
  },
  ja: {
    common: () =>
      import('catalogue-slice:ja/common?app,guidance.*.title,guidance.*.customer,error.unreachable'),
    customer: () => import('../shared/i18n/locales/ja/customer.json'),
    kiosk: () => import('catalogue-slice:ja/kiosk?help,pin'),
  },
} satisfies WindowCatalogues;
