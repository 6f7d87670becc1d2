/** The page's language, picked by the admin; each language is named in its own words. */
import { useI18n } from './i18n.tsx';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from './messages.ts';

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <label className="language">
      {t.language}
      <select
        value={language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
