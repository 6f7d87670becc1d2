/** The contract owns the language list (main needs it too: settings, CSV); the renderer re-exports it. */
export {
  DEFAULT_LANGUAGE,
  LANGUAGE_NAMES,
  LANGUAGE_TAGS,
  LANGUAGES,
  isLanguage,
  type Language,
} from '../../../contract/languages.ts';
