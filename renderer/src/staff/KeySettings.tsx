/**
 * The Stripe key: entered once in a password field, sent to main's keychain, never shown again.
 * The console only ever knows the masked form from app.status.
 */
import { useTranslation } from '../shared/i18n/react.ts';
import type { AppStatus, ErrorPayload } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { describeError } from './error-text.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useKeyEntry } from './use-key-entry.ts';
import { SecretInput } from './SecretInput.tsx';

export function KeySettings({
  status,
  confirm,
}: {
  status: AppStatus;
  confirm: (r: ConfirmRequest) => void;
}) {
  const { t } = useTranslation('staff');
  const {
    key,
    setKey,
    submit: store,
    error,
    setError,
    note,
    busy,
    run,
  } = useKeyEntry({
    pasteFirst: t('key.paste_first'),
    store: async (entered) => {
      const r = await call('key.store', { key: entered });
      return t('key.saved', { mode: r.mode, masked: r.masked });
    },
  });

  return (
    <section className="card" aria-labelledby="key-title">
      <h2 id="key-title">{t('key.title')}</h2>
      <p data-testid="masked-key">
        {status.maskedKey ? (
          <>
            {/* The spaces and brackets are the catalogue's (使用中：sk_…（テストモード）). */}
            {t('key.in_use')}
            <code>{status.maskedKey}</code>
            {t('key.mode', { mode: status.mode })}
          </>
        ) : status.keyProblem ? (
          t('key.unreadable', { problem: describeError(status.keyProblem as ErrorPayload).message })
        ) : (
          t('key.none')
        )}
      </p>
      <form onSubmit={store} noValidate>
        <label htmlFor="secret-key">{status.maskedKey ? t('key.replace') : t('key.secret')}</label>
        <SecretInput
          id="secret-key"
          name="secret-key"
          kind="key"
          value={key}
          onChange={setKey}
          placeholder={t('key.placeholder')}
        />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('key.save')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(async () => t('key.works', { mode: (await call('key.test')).mode }))}
            data-testid="key-test"
          >
            {t('key.test')}
          </button>
          <button
            type="button"
            className="danger-outline"
            disabled={busy || !status.maskedKey}
            onClick={() =>
              confirm({
                title: t('key.remove_confirm.title'),
                body: t('key.remove_confirm.body'),
                confirmLabel: t('key.remove_confirm.yes'),
                onConfirm: () =>
                  void run(async () =>
                    (await call('key.remove')).removed ? t('key.removed') : t('key.no_key'),
                  ),
              })
            }
          >
            {t('key.remove')}
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
