/**
 * The languages the app speaks, written once for every layer: the renderer's catalogues and
 * language button, the contract's schemas (the customer's choice) and main's Accept-Language
 * for the hosted flow all derive from this list (renderer/src/i18n/languages.ts re-exports it).
 */
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The BCP 47 tag used for `<html lang>`, `Intl` and Accept-Language. */
export const LANGUAGE_TAGS: Record<Language, string> = { en: 'en-GB', ja: 'ja-JP' };
