/**
 * The station's language: the console, the customer screen's default and the CSV's column
 * names follow it. Saved as soon as it is picked (one setting, nothing to confirm), then applied
 * to this page; main tells the customer window through its screen state.
 */
import { useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { applyLanguage, currentLanguage } from '../shared/i18n/index.ts';
import { isLanguage, LANGUAGE_NAMES, LANGUAGE_TAGS, LANGUAGES } from '../../../contract/languages.ts';

export function LanguageSettings() {
  const { t } = useTranslation('staff');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);

  async function choose(value: string) {
    if (!isLanguage(value)) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await call('settings.update', { language: value });
      await applyLanguage(saved.language);
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t('language.title')}</h2>
      <label htmlFor="station-language">{t('language.label')}</label>
      <select
        id="station-language"
        name="language"
        data-testid="station-language"
        value={currentLanguage()}
        disabled={busy}
        aria-describedby="station-language-hint"
        onChange={(e) => void choose(e.target.value)}
      >
        {LANGUAGES.map((language) => (
          // Each name in its own language, so whoever needs it can read it.
          <option key={language} value={language} lang={LANGUAGE_TAGS[language]}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
      <p id="station-language-hint" className="hint">
        {t('language.hint')}
      </p>
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
