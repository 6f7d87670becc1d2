/**
 * The renderer's words: catalogues of ICU messages (icu.ts) per language and namespace. A
 * namespace is one area's strings (`common`, `staff`, `customer`, `kiosk`, `hub`); each lives in
 * `locales/<language>/<namespace>.json`, and test/unit/renderer/i18n-catalogue.test.ts fails on a key
 * missing from either language or unused in the code.
 *
 * Each window says where its catalogues are (`setWindowCatalogues`: the namespaces it uses, whole
 * or the parts it says) and fetches them only in the language it speaks: `applyLanguage` fetches a
 * language's catalogues the first time it is needed (each is a chunk of its own) and switches
 * when they are in. A key is `ns:key.path`, or a
 * bare `key.path` looked up in the caller's namespaces in order. A missing key shows as itself.
 *
 * No React here, so the same module runs in Node's tests; React reaches it through
 * `useTranslation` (react.ts).
 */
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGE_TAGS,
  type Language,
} from '../../../../contract/languages.ts';
import type { Catalogue, CatalogueLoader, Namespace } from './catalogues.ts';
import { formatMessage, parseMessage, type Message, type Values } from './icu.ts';

export type { Namespace } from './catalogues.ts';

/** Where a window's catalogues are: per language, a loader for each namespace it says anything from. */
export type WindowCatalogues = Readonly<
  Record<Language, Readonly<Partial<Record<Namespace, CatalogueLoader>>>>
>;

/** Says a key in the page's language, with its ICU values. */
export type TFunction = (key: string, values?: Values) => string;

let language: Language = DEFAULT_LANGUAGE;
let windowCatalogues: WindowCatalogues = { en: {}, ja: {} };
const loaded = new Map<string, Catalogue>();
const compiled = new Map<string, Message | null>();
const listeners = new Set<() => void>();

const id = (lang: Language, ns: Namespace) => `${lang}/${ns}`;

/** Where this window's catalogues are (set once, before the first `applyLanguage`). */
export function setWindowCatalogues(catalogues: WindowCatalogues): void {
  windowCatalogues = catalogues;
}

function lookup(lang: Language, ns: Namespace, path: string): string | null {
  let node: unknown = loaded.get(id(lang, ns));
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : null;
}

function say(lang: Language, ns: Namespace, path: string, text: string, values: Values): string {
  const cacheKey = `${lang}\u0000${ns}\u0000${path}`;
  let message = compiled.get(cacheKey);
  if (message === undefined) {
    try {
      message = parseMessage(text);
    } catch {
      message = null;
    }
    compiled.set(cacheKey, message);
  }
  if (message === null) return text;
  try {
    return formatMessage(message, LANGUAGE_TAGS[lang], values);
  } catch {
    // A value missing: the message as written, as i18next with ICU did.
    return text;
  }
}

const NAMESPACE = /^[a-z]+$/;
function isNamespace(value: string): value is Namespace {
  return NAMESPACE.test(value);
}

/** `t` for the given default namespaces (the first is where a bare key is looked up first). */
export function fixedT(namespaces: readonly Namespace[] = ['common']): TFunction {
  return (key, values = {}) => {
    const colon = key.indexOf(':');
    const named = colon > 0 ? key.slice(0, colon) : null;
    const path = named !== null && isNamespace(named) ? key.slice(colon + 1) : key;
    const candidates = named !== null && isNamespace(named) ? [named] : namespaces;
    for (const ns of candidates) {
      const text = lookup(language, ns, path);
      if (text !== null) return say(language, ns, path, text, values);
    }
    reportMissing(`${candidates.join('|')}:${path}`);
    return path;
  };
}

const missing = new Set<string>();
/** A key with no message is a bug (the catalogue tests look for them): said once, by its name only. */
function reportMissing(key: string): void {
  if (missing.has(key)) return;
  missing.add(key);
  console.error(`i18n: no message for ${key} in ${language}`);
}

export const i18n = {
  get language(): Language {
    return language;
  },
  t: fixedT(),
  /** Called after every change of language; returns the function that stops it. */
  onLanguageChanged(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Fetches this window's catalogues in `lang` that are not in yet (each once). */
export async function loadLanguage(lang: Language): Promise<void> {
  const loaders = Object.entries(windowCatalogues[lang]) as Array<[Namespace, CatalogueLoader]>;
  await Promise.all(
    loaders
      .filter(([ns]) => !loaded.has(id(lang, ns)))
      .map(async ([ns, load]) => {
        loaded.set(id(lang, ns), (await load()).default);
      }),
  );
}

/**
 * Switch the page's language: its catalogues (fetched if need be), `<html lang>` and every `Intl`
 * format that asks. Resolves once the page speaks it; a later call wins over an earlier one
 * still fetching.
 */
let wanted: Language = DEFAULT_LANGUAGE;
export async function applyLanguage(next: Language): Promise<void> {
  wanted = next;
  await loadLanguage(next);
  if (wanted !== next) return;
  // No DOM in Node's tests: there the page's language is only this module's.
  const page = (globalThis as { document?: { documentElement: { lang: string } } }).document;
  if (page) page.documentElement.lang = LANGUAGE_TAGS[next];
  if (language === next) return;
  language = next;
  for (const listener of listeners) listener();
}

/** The language the page speaks now. */
export function currentLanguage(): Language {
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/** The BCP 47 tag of the language the page speaks now, for `Intl` formats. */
export function currentLocale(): string {
  return LANGUAGE_TAGS[currentLanguage()];
}
