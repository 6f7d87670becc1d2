/**
 * Settings → Countersign Hub: connect this station with the hub's address and a one-time
 * enrollment code, see which hub and station it is, or go back to the built-in simulator. The
 * station token never reaches this page: main exchanges the code and keeps the token in the
 * system keychain; the page only ever sees the hub's host and the station's name and store.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { AppStatus } from '../../../contract/ipc.ts';
import { HUB_CODE_MAX, isAllowedHubUrl } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { HUB_ERROR_KEYS } from './hub-error-keys.ts';
import { useSettingsAction } from './use-settings-action.ts';

/** Codes this panel explains itself, in the page's language; anything else goes to ErrorNote. */

type Field = 'hubUrl' | 'code';

export function HubSettings({
  status,
  confirm,
}: {
  status: AppStatus;
  confirm: (r: ConfirmRequest) => void;
}) {
  const { t } = useTranslation('hub');
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const { error, setError, note, busy, run } = useSettingsAction();
  const hub = status.backend === 'hub' ? (status.hub ?? null) : null;

  function connect(event: FormEvent) {
    event.preventDefault();
    const url = hubUrl.trim();
    const enrollment = code.trim();
    const found: Partial<Record<Field, string>> = {};
    if (!isAllowedHubUrl(url)) found.hubUrl = t('form.urlInvalid');
    if (enrollment === '' || enrollment.length > HUB_CODE_MAX || /\s/.test(enrollment)) {
      found.code = t('form.codeInvalid');
    }
    setFieldErrors(found);
    if (Object.keys(found).length > 0) return;
    // The code is single use: out of the page at once, whatever the answer.
    setCode('');
    void run(async () => {
      const connected = await call('hub.connect', { hubUrl: url, code: enrollment });
      return t('note.connected', { host: connected.host, station: connected.stationName });
    });
  }

  const ownKeys =
    error && Object.hasOwn(HUB_ERROR_KEYS, error.code)
      ? HUB_ERROR_KEYS[error.code as keyof typeof HUB_ERROR_KEYS]
      : null;

  return (
    <section className="card" aria-labelledby="hub-title" data-testid="hub-settings">
      <h2 id="hub-title">{t('title')}</h2>
      {hub ? (
        <>
          <p data-testid="hub-connected">
            {t('connected', { host: hub.host, station: hub.stationName, store: hub.store })}
          </p>
          {hub.problem && (
            <div
              className="note note-bad"
              role="alert"
              data-testid="hub-problem"
              data-code={hub.problem.code}
            >
              <strong>{t('error.hub_station_revoked.title')}</strong>
              <p>{t('error.hub_station_revoked.body')}</p>
            </div>
          )}
          <p className="hint">{t('keyHidden')}</p>
          <div className="row">
            <button
              type="button"
              className="danger-outline"
              data-testid="hub-disconnect"
              disabled={busy}
              onClick={() =>
                confirm({
                  title: t('disconnect.title'),
                  body: t('disconnect.body'),
                  confirmLabel: t('disconnect.confirm'),
                  onConfirm: () =>
                    void run(async () =>
                      (await call('hub.disconnect')).disconnected
                        ? t('note.disconnected')
                        : t('note.notConnected'),
                    ),
                })
              }
            >
              {t('disconnect.button')}
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={connect} noValidate>
          <p className="hint">{t('intro')}</p>
          <div className="field">
            <label htmlFor="hub-url">{t('form.url')}</label>
            <input
              id="hub-url"
              name="hub-url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('form.urlPlaceholder')}
              value={hubUrl}
              aria-invalid={fieldErrors.hubUrl ? true : undefined}
              aria-describedby="hub-url-hint"
              onChange={(e) => setHubUrl(e.target.value)}
            />
            <p id="hub-url-hint" className={fieldErrors.hubUrl ? 'field-error' : 'hint'}>
              {fieldErrors.hubUrl ?? t('form.urlHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor="hub-code">{t('form.code')}</label>
            <input
              id="hub-code"
              name="hub-code"
              autoComplete="off"
              spellCheck={false}
              value={code}
              aria-invalid={fieldErrors.code ? true : undefined}
              aria-describedby="hub-code-hint"
              onChange={(e) => setCode(e.target.value)}
            />
            <p id="hub-code-hint" className={fieldErrors.code ? 'field-error' : 'hint'}>
              {fieldErrors.code ?? t('form.codeHint')}
            </p>
          </div>
          <button type="submit" className="primary" disabled={busy} data-testid="hub-connect">
            {busy ? t('form.connecting') : t('form.connect')}
          </button>
        </form>
      )}
      {note && (
        <p className="note note-ok" role="status" data-testid="hub-note">
          {note}
        </p>
      )}
      {error && ownKeys ? (
        <div className="note note-bad" role="alert" data-testid="error" data-code={error.code}>
          <strong>{t(ownKeys.title)}</strong>
          <p>{t(ownKeys.body)}</p>
          <button type="button" className="link" onClick={() => setError(null)}>
            {t('dismiss')}
          </button>
        </div>
      ) : (
        <ErrorNote error={error} onDismiss={() => setError(null)} />
      )}
    </section>
  );
}
