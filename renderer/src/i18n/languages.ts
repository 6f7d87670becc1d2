/**
 * The languages the app speaks. The list and the BCP 47 tags are written once in
 * contract/languages.ts (main needs them too: the customer's choice, Accept-Language for the
 * hosted flow); everything else (the Settings choice, the customer's language button,
 * `<html lang>`, the catalogue completeness test) derives from them.
 */
import { LANGUAGE_TAGS, LANGUAGES, type Language } from '../../../contract/languages.ts';

export { LANGUAGE_TAGS, LANGUAGES, type Language };

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for a button that must be readable by whoever needs it. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
