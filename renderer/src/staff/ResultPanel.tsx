/** The verified outputs, for staff eyes only, with the time left before they are cleared. */
import { useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { VerifiedResult } from '../../../contract/ipc.ts';
import { currentLocale } from '../shared/i18n/index.ts';
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

function address(a: VerifiedResult['address']): string | null {
  if (!a) return null;
  const parts = [a.line1, a.line2, a.city, a.state, a.postal_code, a.country].filter((p) => p);
  return parts.length > 0 ? parts.join(', ') : null;
}

export function ResultPanel({ result, onClear }: { result: RevealedResult; onClear: () => void }) {
  const { t } = useTranslation('staff');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((result.shownAt + RESULT_VISIBLE_MS - now) / 1000));
  const v = result.value;
  const name = [v.firstName, v.lastName].filter((p) => p).join(' ');
  const rows: Array<[string, string | null]> = [
    [t('result.name'), name || null],
    [t('result.dob'), dob(v.dob)],
    [t('result.address'), address(v.address)],
    [t('result.id_number_type'), v.idNumberType],
    [t('result.id_number'), v.idNumber],
    [t('result.email'), v.email],
    [t('result.phone'), v.phone],
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
        {rows
          .filter((r): r is [string, string] => r[1] !== null)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
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
