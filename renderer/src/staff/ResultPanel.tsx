/** The verified outputs, for staff eyes only, with the time left before they are cleared. */
import { useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { VerifiedResult } from '../../../contract/ipc.ts';
import { currentLanguage, currentLocale } from '../shared/i18n/index.ts';
import { addressLines, nameRows } from './person-format.ts';
import { RESULT_VISIBLE_MS, type RevealedResult } from './use-result.ts';

/** A date of birth as the page's language writes a date (`Intl`); UTC, so no zone moves the day. */
function dob(d: VerifiedResult['dob']): string | null {
  if (!d) return null;
  return new Intl.DateTimeFormat(currentLocale(), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  }).format(Date.UTC(d.year, d.month - 1, d.day));
}

/** A one-line row, or none when there is no value. */
const lines = (label: string, value: string | null): Array<readonly [string, readonly string[]]> =>
  value ? [[label, [value]]] : [];

export function ResultPanel({ result, onClear }: { result: RevealedResult; onClear: () => void }) {
  const { t } = useTranslation('staff');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((result.shownAt + RESULT_VISIBLE_MS - now) / 1000));
  const v = result.value;
  // Name and address as the console's language writes them (姓・名 and a Japanese address in Japanese).
  const language = currentLanguage();
  const address = addressLines(v.address, language);
  const rows: Array<readonly [string, readonly string[]]> = [
    ...nameRows(v, language).map(({ label, lines }) => [t(label), lines] as const),
    ...lines(t('result.dob'), dob(v.dob)),
    ...(address.length > 0 ? [[t('result.address'), address] as const] : []),
    ...lines(t('result.id_number_type'), v.idNumberType),
    ...lines(t('result.id_number'), v.idNumber),
    ...lines(t('result.email'), v.email),
    ...lines(t('result.phone'), v.phone),
  ];
  return (
    <section className="result" aria-labelledby="result-title" data-testid="result">
      <div className="row between">
        <h3 id="result-title">{t('result.title')}</h3>
        <span className="muted" aria-live="off">
          {t('result.hidden_in', { seconds: left })}
        </span>
      </div>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {value.map((line, i) => (
                <span key={i}>{line}</span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
      {v.revealedBy && (
        <p className="note note-info" data-testid="result-revealed-by">
          {t('result.revealed_by', { name: v.revealedBy })}
        </p>
      )}
      <p className="muted" data-testid="result-key">
        {t('result.key_in_use', { key: v.sensitiveKey ?? 'secret' })}
      </p>
      {v.withheld.length > 0 && (
        <div className="note" data-testid="result-withheld">
          <h4>{t('result.withheld_title')}</h4>
          <ul>
            {v.withheld.map((w) => (
              <li key={w.field} data-field={w.field} data-reason={w.reason}>
                {t('result.withheld', { field: w.field, reason: w.reason })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="secondary" onClick={onClear} data-testid="hide-result">
        {t('result.hide')}
      </button>
    </section>
  );
}
