/** The verified outputs, for staff eyes only, with the time left before they are cleared. */
import { useEffect, useState } from 'react';
import type { VerifiedResult } from '../../../contract/ipc.ts';
import { RESULT_VISIBLE_MS, type RevealedResult } from './use-result.ts';

function dob(d: VerifiedResult['dob']): string | null {
  if (!d) return null;
  return `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}`;
}

function address(a: VerifiedResult['address']): string | null {
  if (!a) return null;
  const parts = [a.line1, a.line2, a.city, a.state, a.postal_code, a.country].filter((p) => p);
  return parts.length > 0 ? parts.join(', ') : null;
}

export function ResultPanel({ result, onClear }: { result: RevealedResult; onClear: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((result.shownAt + RESULT_VISIBLE_MS - now) / 1000));
  const v = result.value;
  const name = [v.firstName, v.lastName].filter((p) => p).join(' ');
  const rows: Array<[string, string | null]> = [
    ['Name', name || null],
    ['Date of birth', dob(v.dob)],
    ['Address', address(v.address)],
    ['ID number type', v.idNumberType],
    ['Email', v.email],
    ['Phone', v.phone],
  ];
  return (
    <section className="result" aria-labelledby="result-title" data-testid="result">
      <div className="row between">
        <h3 id="result-title">Verified details</h3>
        <span className="muted" aria-live="off">
          Hidden in {left} s
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
      <button type="button" className="secondary" onClick={onClear} data-testid="hide-result">
        Hide now
      </button>
    </section>
  );
}
