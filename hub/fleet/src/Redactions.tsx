/**
 * Redactions at Stripe on the fleet page (issue 18, item 4): the log of what the retention policy
 * redacted and what was asked for, and one session redacted on request — a person's deletion
 * request — after a confirmation (it cannot be undone).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { RedactionRow } from '../../src/fleet-policy-api.ts';
import { FleetApiError } from './api.ts';
import { useI18n } from './i18n.tsx';
import { policyApi } from './policy-api.ts';
import { usePolicyWords } from './PolicyEditor.tsx';

const SESSION_ID = /^vs_[A-Za-z0-9_]{1,200}$/;

export function Redactions() {
  const w = usePolicyWords();
  const { time, errorText } = useI18n();
  const id = useId();
  const [rows, setRows] = useState<RedactionRow[] | null>(null);
  const [sessionId, setSessionId] = useState('');
  const [badId, setBadId] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setRows((await policyApi.redactions()).redactions);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => void load(), 0);
    return () => clearTimeout(timer);
  }, [load]);

  function ask(event: FormEvent) {
    event.preventDefault();
    setDone(null);
    setError(null);
    const wanted = sessionId.trim();
    setBadId(!SESSION_ID.test(wanted));
    if (SESSION_ID.test(wanted)) setConfirming(wanted);
  }

  async function redact(target: string) {
    setBusy(true);
    try {
      await policyApi.redact(target);
      setDone(target);
      setSessionId('');
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  // Stripe's refusal has the page's own words; the rest the page's usual ones.
  const failure = (e: unknown) =>
    e instanceof FleetApiError && e.code === 'session_not_redactable'
      ? `${w.results.refused}: ${e.message}`
      : errorText(e);

  return (
    <section aria-labelledby={`${id}-heading`} className="card" data-testid="redactions">
      <h2 id={`${id}-heading`}>{w.redactionsHeading}</h2>
      <p className="muted">{w.redactionsHint}</p>
      <form onSubmit={ask} noValidate aria-label={w.redactOne} className="row">
        <div className="field">
          <label htmlFor={`${id}-session`}>{w.redactSessionId}</label>
          <input
            id={`${id}-session`}
            autoComplete="off"
            spellCheck={false}
            value={sessionId}
            aria-invalid={badId || undefined}
            aria-describedby={badId ? `${id}-bad` : undefined}
            onChange={(e) => setSessionId(e.target.value)}
          />
        </div>
        <button type="submit" className="danger-outline" disabled={busy || confirming !== null}>
          {w.redactOne}
        </button>
      </form>
      {badId && (
        <p id={`${id}-bad`} className="error" role="alert">
          {w.redactBadId}
        </p>
      )}
      {confirming !== null && (
        <div
          className="row"
          role="alertdialog"
          aria-label={w.redactAsk(confirming)}
          data-testid="redact-confirm"
        >
          <span>
            <strong>{w.redactAsk(confirming)}</strong> {w.redactWarning}
          </span>
          <button type="button" className="danger" disabled={busy} onClick={() => void redact(confirming)}>
            {w.redactYes(confirming)}
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
            {w.cancel}
          </button>
        </div>
      )}
      {done !== null && (
        <p className="note note-ok" role="status">
          {w.redactDone(done)}
        </p>
      )}
      {error !== null && (
        <p className="note note-bad" role="alert">
          {failure(error)}
        </p>
      )}
      {rows !== null && rows.length === 0 && <p className="muted">{w.redactionsNone}</p>}
      {rows !== null && rows.length > 0 && (
        <table aria-labelledby={`${id}-heading`}>
          <thead>
            <tr>
              <th>{w.colSession}</th>
              <th>{w.colStore}</th>
              <th>{w.colReason}</th>
              <th>{w.colRequested}</th>
              <th>{w.colRedacted}</th>
              <th>{w.colResult}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.sessionId} data-session-id={r.sessionId} data-result={r.result}>
                <td>
                  <code>{r.sessionId}</code>
                </td>
                <td>{r.store}</td>
                <td>{w.reasons[r.reason]}</td>
                <td>{time(r.requestedAt)}</td>
                <td>{time(r.redactedAt)}</td>
                <td>
                  {w.results[r.result]}
                  {r.errorCode && <span className="muted">{w.resultCode(r.errorCode)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
