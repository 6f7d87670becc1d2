/**
 * The words in React: `useTranslation(ns)` gives `t` for the component's namespaces (the first is
 * where a bare key is looked up first) and renders again when the page's language changes. Each
 * language gets its own `t`, so effects that depend on it run again after a switch.
 */
import { useSyncExternalStore } from 'react';
import { fixedT, i18n, type Namespace, type TFunction } from './index.ts';

const subscribe = (onChange: () => void) => i18n.onLanguageChanged(onChange);
const snapshot = () => i18n.language;

const made = new Map<string, TFunction>();
function tFor(namespaces: readonly Namespace[], language: string): TFunction {
  const key = `${language}|${namespaces.join(',')}`;
  let t = made.get(key);
  if (!t) made.set(key, (t = fixedT(namespaces)));
  return t;
}

export function useTranslation(namespaces: Namespace | readonly Namespace[] = 'common'): {
  t: TFunction;
  i18n: typeof i18n;
} {
  const language = useSyncExternalStore(subscribe, snapshot, snapshot);
  return { t: tFor(typeof namespaces === 'string' ? [namespaces] : namespaces, language), i18n };
}
