/**
 * Where each catalogue is: one loader per language and namespace, each a dynamic import, so the
 * build makes every catalogue a chunk of its own (`i18n-<language>-<namespace>-<hash>.js`,
 * electron.vite.config.ts) and a window fetches only the ones it speaks. The console takes its
 * namespaces whole from here (`windowCatalogues`); the customer screen fetches only the parts it
 * says (customer/customer-catalogues.ts). Written out by name (not
 * Vite's glob) so the same module loads in Node's tests; the `satisfies` makes the compiler refuse
 * a language or a namespace without its file.
 */
import type { Language } from '../../../../contract/languages.ts';

export const NAMESPACES = ['common', 'staff', 'customer', 'kiosk', 'hub'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type Catalogue = Record<string, unknown>;
export type CatalogueLoader = () => Promise<{ default: Catalogue }>;

export const CATALOGUE_LOADERS = {
  en: {
    common: () => import('./locales/en/common.json'),
    staff: () => import('./locales/en/staff.json'),
    customer: () => import('./locales/en/customer.json'),
    kiosk: () => import('./locales/en/kiosk.json'),
    hub: () => import('./locales/en/hub.json'),
  },
  ja: {
    common: () => import('./locales/ja/common.json'),
    staff: () => import('./locales/ja/staff.json'),
    customer: () => import('./locales/ja/customer.json'),
    kiosk: () => import('./locales/ja/kiosk.json'),
    hub: () => import('./locales/ja/hub.json'),
  },
} satisfies Record<Language, Record<Namespace, CatalogueLoader>>;

async function loadCatalogue(language: Language, namespace: Namespace): Promise<Catalogue> {
  return (await CATALOGUE_LOADERS[language][namespace]()).default;
}

/** These namespaces, whole, in every language: what a window passes to `setWindowCatalogues`. */
export function windowCatalogues(
  namespaces: readonly Namespace[],
): Record<Language, Partial<Record<Namespace, CatalogueLoader>>> {
  const pick = (language: Language) =>
    Object.fromEntries(namespaces.map((ns) => [ns, CATALOGUE_LOADERS[language][ns]]));
  return { en: pick('en'), ja: pick('ja') };
}

/** Every catalogue, for the tests that check them all (no window loads them all). */
export async function allCatalogues(): Promise<Record<Language, Record<Namespace, Catalogue>>> {
  const entries = await Promise.all(
    (Object.keys(CATALOGUE_LOADERS) as Language[]).map(
      async (language) =>
        [
          language,
          Object.fromEntries(
            await Promise.all(NAMESPACES.map(async (ns) => [ns, await loadCatalogue(language, ns)] as const)),
          ),
        ] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<Language, Record<Namespace, Catalogue>>;
}
