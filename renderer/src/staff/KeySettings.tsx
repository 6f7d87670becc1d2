/**
 * The Stripe key: entered once in a password field, sent to main's keychain, never shown again.
 * The console only ever knows the masked form from app.status.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AppStatus, ErrorPayload } from '../../../contract/ipc.ts';
import { call } from '../api.ts';
import type { ConfirmRequest } from '../ConfirmDialog.tsx';
import { ErrorNote } from '../ErrorNote.tsx';

export function KeySettings({
  status,
  confirm,
}: {
  status: AppStatus;
  confirm: (r: ConfirmRequest) => void;
}) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string>) {
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      setNote(await action());
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  function store(event: FormEvent) {
    event.preventDefault();
    const entered = key;
    // Out of React state at once: the key lives in the page only as long as it must.
    setKey('');
    if (entered.trim() === '') {
      setError({ code: 'key_malformed', message: 'Paste the secret key first.' });
      return;
    }
    void run(async () => {
      const r = await call('key.store', { key: entered });
      return `Key saved (${r.mode} mode): ${r.masked}`;
    });
  }

  return (
    <section className="card" aria-labelledby="key-title">
      <h2 id="key-title">Stripe key</h2>
      <p data-testid="masked-key">
        {status.maskedKey ? (
          <>
            In use: <code>{status.maskedKey}</code> ({status.mode} mode)
          </>
        ) : status.keyProblem ? (
          <>
            The stored key could not be read: {status.keyProblem.message} Countersign runs on its built-in
            simulator until it can. Then press Test connection.
          </>
        ) : (
          'No key stored: Countersign runs on its built-in simulator.'
        )}
      </p>
      <form onSubmit={store} noValidate>
        <label htmlFor="secret-key">{status.maskedKey ? 'Replace with a new key' : 'Secret key'}</label>
        <input
          id="secret-key"
          name="secret-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="sk_test_… or rk_live_…"
        />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            Save key
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(async () => `Connection works (${(await call('key.test')).mode} mode).`)}
            data-testid="key-test"
          >
            Test connection
          </button>
          <button
            type="button"
            className="danger-outline"
            disabled={busy || !status.maskedKey}
            onClick={() =>
              confirm({
                title: 'Remove the Stripe key?',
                body: 'Countersign will go back to its built-in simulator until a key is entered again.',
                confirmLabel: 'Remove key',
                onConfirm: () =>
                  void run(async () =>
                    (await call('key.remove')).removed ? 'Key removed.' : 'There was no key.',
                  ),
              })
            }
          >
            Remove key…
          </button>
        </div>
      </form>
      {note && (
        <p className="note note-ok" role="status" data-testid="key-note">
          {note}
        </p>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
