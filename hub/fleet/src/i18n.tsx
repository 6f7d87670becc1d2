/**
 * The page's language: the admin's pick (the switch, kept in localStorage, or `?lang=` carried
 * over from the sign-in page), else the browser's preference (navigator.languages). `<html lang>`
 * and the title follow it. Components read the words, the formatters and the error text here.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { FleetApiError } from './api.ts';
import {
  LANGUAGE_LOCALES,
  MESSAGES,
  isLanguage,
  pickLanguage,
  plural,
  type Language,
  type Messages,
  type Plural,
} from './messages.ts';

export const LANGUAGE_STORAGE_KEY = 'countersign.fleet.language';

function storedLanguage(): Language | null {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null; // storage blocked: the browser's preference then
  }
}

function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // The pick then lasts for this visit only.
  }
}

/** The sign-in page's pick arrives once as `?lang=`: kept, and dropped from the address. */
function languageFromAddress(): Language | null {
  const url = new URL(window.location.href);
  const lang = url.searchParams.get('lang');
  if (lang === null) return null;
  url.searchParams.delete('lang');
  window.history.replaceState(null, '', url);
  if (!isLanguage(lang)) return null;
  storeLanguage(lang);
  return lang;
}

export function initialLanguage(): Language {
  return languageFromAddress() ?? storedLanguage() ?? pickLanguage(navigator.languages);
}

export interface I18n {
  language: Language;
  t: Messages;
  setLanguage: (language: Language) => void;
  /**
   * A time as the admin reads it: date and time to the second, in the viewer's time zone (the
   * browser's), the zone named ("Dec 1, 2026, 22:05:30 GMT+9", "2026年12月1日 22:05:30 JST").
   */
  time: (ms: number | null) => string;
  /** A time of day, hours and minutes in the viewer's zone, named ("22:05 JST"): a call for help. */
  clock: (ms: number) => string;
  /** A session's status in the page's words (Stripe's own code when it has none). */
  status: (status: string) => string;
  /** A session's last error code in the page's words (the code itself when it has none). */
  errorCode: (code: string) => string;
  number: (n: number) => string;
  count: (n: number, forms: Plural) => string;
  /** A failed call in the page's language: by the hub's code; in English, the hub's message. */
  errorText: (error: unknown) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside <LanguageProvider>');
  return i18n;
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const t = MESSAGES[language];

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t.pageTitle;
  }, [language, t]);

  const setLanguage = useCallback((next: Language) => {
    storeLanguage(next);
    setLanguageState(next);
  }, []);

  const i18n = useMemo<I18n>(() => {
    const locale = LANGUAGE_LOCALES[language];
    const dateTime = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    const timeOfDay = new Intl.DateTimeFormat(locale, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    const numbers = new Intl.NumberFormat(locale);
    return {
      language,
      t,
      setLanguage,
      time: (ms) => (ms === null ? '—' : dateTime.format(ms)),
      clock: (ms) => timeOfDay.format(ms),
      number: (n) => numbers.format(n),
      count: (n, forms) => plural(language, n, forms),
      status: (status) => (t.statuses as Record<string, string>)[status] ?? status,
      errorCode: (code) => (t.errorCodes as Record<string, string>)[code] ?? code,
      errorText: (error) => {
        if (!(error instanceof FleetApiError)) return t.errors.network;
        if (language === 'en' && error.fromHub) return error.message;
        return (t.errors as Record<string, string>)[error.code] ?? t.errors.hub_error;
      },
    };
  }, [language, t, setLanguage]);

  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}
