/**
 * The stored Stripe key could not be read (the keychain is locked, gone or refusing), so the app
 * runs on its simulator. Said at the top of the console, with a way back once it is fixed:
 * "Try again" reads the key again (key.test); on success main's status moves to Stripe and this
 * note goes away by itself.
 */
import { useState } from 'react';
import type { AppStatus, ErrorPayload } from '../../../contract/ipc.ts';
import { call } from '../api.ts';
import { describeError } from '../error-text.ts';
import { ErrorNote } from '../ErrorNote.tsx';

export function KeyProblemNote({ problem }: { problem: NonNullable<AppStatus['keyProblem']> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      await call('key.test');
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="note note-warn" role="alert" data-testid="key-problem" data-code={problem.code}>
      <strong>{describeError(problem as ErrorPayload).title}: the Stripe key cannot be read</strong>
      <p>{problem.message}</p>
      <p>Until it can, Countersign runs on its built-in simulator: no real verifications.</p>
      <button type="button" disabled={busy} onClick={() => void retry()} data-testid="key-problem-retry">
        {busy ? 'Trying…' : 'Try again'}
      </button>
      {error && error.code !== problem.code && <ErrorNote error={error} onDismiss={() => setError(null)} />}
      {error && error.code === problem.code && (
        <p data-testid="key-problem-still">Still not readable. Unlock the keychain, then try again.</p>
      )}
    </div>
  );
}
