/**
 * Where each catalogue is: one loader per language and namespace, each a dynamic import, so the
 * build makes every catalogue a chunk of its own (`i18n-<language>-<namespace>-<hash>.js`,
 * electron.vite.config.ts) and a window fetches only the ones it speaks. Written out by name (not
 * Vite's glob) so the same module loads in Node's tests; the `satisfies` makes the compiler refuse
 * a language or a namespace without its file.
 */
import type { Language } from '../../../../contract/languages.ts';

export const NAMESPACES = ['common', 'staff', 'customer', 'kiosk', 'hub'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export type Catalogue = Record<string, unknown>;
type Loader = () => Promise<{ default: Catalogue }>;

const LOADERS = {
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
} satisfies Record<Language, Record<Namespace, Loader>>;

export async function loadCatalogue(language: Language, namespace: Namespace): Promise<Catalogue> {
  return (await LOADERS[language][namespace]()).default;
}

/** Every catalogue, for the tests that check them all (no window loads them all). */
export async function allCatalogues(): Promise<Record<Language, Record<Namespace, Catalogue>>> {
  const entries = await Promise.all(
    (Object.keys(LOADERS) as Language[]).map(
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
