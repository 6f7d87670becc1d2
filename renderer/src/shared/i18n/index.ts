/**
 * The renderer's one i18n instance: i18next with ICU message syntax (plurals, selects) and
 * catalogues bundled per language and namespace. A namespace is one area's strings
 * (`common`, `staff`, `customer`, `kiosk`, `hub`); each lives in
 * `locales/<language>/<namespace>.json`, and test/unit/i18n-catalogue.test.ts fails on a key
 * missing from either language or unused in the code.
 *
 * React reaches this instance through `<I18nextProvider>` (main.tsx), not a plugin, so this
 * module loads in Node's tests without React or the DOM.
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { CATALOGUES, NAMESPACES } from './catalogues.ts';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGE_TAGS,
  type Language,
} from '../../../../contract/languages.ts';

export { NAMESPACES, type Namespace } from './catalogues.ts';

export const i18n = i18next.createInstance();

void i18n.use(ICU).init({
  resources: CATALOGUES,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  ns: [...NAMESPACES],
  defaultNS: 'common',
  // React escapes what it renders; ICU does the formatting.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

/** Switch the page's language: strings, `<html lang>` and every `Intl` format that asks. */
export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  // No DOM in Node's tests: there the page's language is only i18next's.
  const page = (globalThis as { document?: { documentElement: { lang: string } } }).document;
  if (page) page.documentElement.lang = LANGUAGE_TAGS[language];
}

/** The language the page speaks now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

/** The BCP 47 tag of the language the page speaks now, for `Intl` formats. */
export function currentLocale(): string {
  return LANGUAGE_TAGS[currentLanguage()];
}
