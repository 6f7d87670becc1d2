/**
 * The restricted key for sensitive results (date of birth, ID number), beside the secret key:
 * Stripe lets only a restricted key read those, for 48 hours after a verification unless the
 * key is IP-restricted. Entered once, kept in main's keychain, never shown again.
 */
import { useTranslation } from '../shared/i18n/react.ts';
import type { AppStatus } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { useKeyEntry } from './use-key-entry.ts';
import { SecretInput } from './SecretInput.tsx';

export function RestrictedKeySettings({ status }: { status: AppStatus }) {
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
    pasteFirst: t('restricted_key.paste_first'),
    store: async (entered) => {
      const r = await call('key.storeRestricted', { key: entered });
      return t('key.saved', { mode: r.mode, masked: r.masked });
    },
  });

  return (
    <section className="card" aria-labelledby="restricted-key-title" data-testid="restricted-key">
      <h2 id="restricted-key-title">{t('restricted_key.title')}</h2>
      <p className="muted">{t('restricted_key.why')}</p>
      <p data-testid="masked-restricted-key">
        {status.maskedRestrictedKey ? (
          <>
            {t('key.in_use')} <code>{status.maskedRestrictedKey}</code>
          </>
        ) : (
          t('restricted_key.none')
        )}
      </p>
      <form onSubmit={store} noValidate>
        <label htmlFor="restricted-key-input">{t('restricted_key.label')}</label>
        <SecretInput
          id="restricted-key-input"
          name="restricted-key"
          kind="key"
          value={key}
          onChange={setKey}
          placeholder={t('restricted_key.placeholder')}
        />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('key.save')}
          </button>
          <button
            type="button"
            className="danger-outline"
            disabled={busy || !status.maskedRestrictedKey}
            onClick={() =>
              void run(async () =>
                (await call('key.removeRestricted')).removed ? t('key.removed') : t('key.no_key'),
              )
            }
            data-testid="restricted-key-remove"
          >
            {t('restricted_key.remove')}
          </button>
        </div>
      </form>
      {note && (
        <p className="note note-ok" role="status" data-testid="restricted-key-note">
          {note}
        </p>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
