/**
 * The one large language button on every customer screen: it names the next language in that
 * language (a customer who cannot read this one can still read its own), and the choice lasts
 * for this customer only (main forgets it when the screen returns to welcome).
 */
import { useTranslation } from '../shared/i18n/react.ts';
import { LANGUAGE_NAMES, LANGUAGE_TAGS, LANGUAGES, type Language } from '../../../contract/languages.ts';

/** The next language to offer: among those offered (the fleet's policy), every one by default. */
export function nextLanguage(current: Language, offered: readonly Language[] = LANGUAGES): Language {
  const i = offered.indexOf(current);
  return offered[(i + 1) % offered.length] ?? current;
}

export function LanguageButton({
  current,
  offered = LANGUAGES,
  onChoose,
}: {
  current: Language;
  offered?: readonly Language[];
  onChoose: (l: Language) => void;
}) {
  const { t } = useTranslation('customer');
  const next = nextLanguage(current, offered);
  // Nothing else to offer: no button.
  if (next === current) return null;
  return (
    <button
      type="button"
      className="language-button"
      lang={LANGUAGE_TAGS[next]}
      aria-label={`${LANGUAGE_NAMES[next]} — ${t('language')}`}
      data-testid="language-button"
      data-language={next}
      onClick={() => onChoose(next)}
    >
      {LANGUAGE_NAMES[next]}
    </button>
  );
}
