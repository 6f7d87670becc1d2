/**
 * The languages the app speaks, written once. Everything else (the station's setting, the
 * Settings picker, the customer's language button, `<html lang>`, Accept-Language for the hosted
 * flow, the CSV column names, the catalogue completeness test) derives from this list.
 */
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for a choice that must be readable by whoever needs it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };

/** The BCP 47 tag used for `<html lang>`, `Intl` and Accept-Language. */
export const LANGUAGE_TAGS: Record<Language, string> = { en: 'en-GB', ja: 'ja-JP' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
