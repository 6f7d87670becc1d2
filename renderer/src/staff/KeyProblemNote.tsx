/**
 * The stored Stripe key could not be read (the keychain is locked, gone or refusing), so the app
 * runs on its simulator. Said at the top of the console, with a way back once it is fixed:
 * "Try again" reads the key again (key.test); on success main's status moves to Stripe and this
 * note goes away by itself.
 */
import { useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { AppStatus, ErrorPayload } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { describeError } from './error-text.ts';
import { ErrorNote } from './ErrorNote.tsx';

export function KeyProblemNote({ problem }: { problem: NonNullable<AppStatus['keyProblem']> }) {
  const { t } = useTranslation('staff');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | null>(null);

  const shown = describeError(problem as ErrorPayload);

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
      <strong>{t('keyproblem.title', { problem: shown.title })}</strong>
      <p>{shown.message}</p>
      <p>{t('keyproblem.simulator')}</p>
      <button type="button" disabled={busy} onClick={() => void retry()} data-testid="key-problem-retry">
        {busy ? t('keyproblem.trying') : t('keyproblem.retry')}
      </button>
      {error && error.code !== problem.code && <ErrorNote error={error} onDismiss={() => setError(null)} />}
      {error && error.code === problem.code && <p data-testid="key-problem-still">{t('keyproblem.still')}</p>}
    </div>
  );
}
