/**
 * The renderer's one i18n instance: i18next with ICU message syntax (plurals, selects) and
 * catalogues bundled per language and namespace. A namespace is one area's strings
 * (`common`, `staff`, `customer`, `kiosk`, `hub`); each lives in
 * `locales/<language>/<namespace>.json`, and test/unit/i18n-catalogue.test.ts fails on a key
 * missing from either language or unused in the code.
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGE_TAGS, LANGUAGES, type Language } from './languages.ts';

type Catalogue = Record<string, unknown>;

// Vite bundles every catalogue file; the key is `./locales/<language>/<namespace>.json`.
const files = import.meta.glob<Catalogue>('./locales/*/*.json', { eager: true, import: 'default' });

export const NAMESPACES = ['common', 'staff', 'customer', 'kiosk', 'hub'] as const;
export type Namespace = (typeof NAMESPACES)[number];

function resources(): Record<Language, Record<string, Catalogue>> {
  const out = Object.fromEntries(LANGUAGES.map((l) => [l, {}])) as Record<
    Language,
    Record<string, Catalogue>
  >;
  for (const [path, catalogue] of Object.entries(files)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, language = '', namespace = ''] = match;
    if ((LANGUAGES as readonly string[]).includes(language)) {
      out[language as Language][namespace] = catalogue;
    }
  }
  return out;
}

export const i18n = i18next.createInstance();

void i18n
  .use(ICU)
  .use(initReactI18next)
  .init({
    resources: resources(),
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
  document.documentElement.lang = LANGUAGE_TAGS[language];
}

/** The BCP 47 tag of the language the page speaks now, for `Intl` formats. */
export function currentLocale(): string {
  return LANGUAGE_TAGS[(i18n.language as Language) ?? DEFAULT_LANGUAGE] ?? LANGUAGE_TAGS.en;
}
