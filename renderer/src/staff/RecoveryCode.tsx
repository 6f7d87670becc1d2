/**
 * The staff recovery code in the console: shown once when it is made (turning sign-in on, a
 * manager asking for a new one, or after it was used), and in Settings only whether one exists
 * and when it was made. The code leaves the page's state when the person says it is written down.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { IssuedRecoveryCode } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { formatDateTime } from './status-text.ts';
import { useSettingsAction } from './use-settings-action.ts';

/** A code just made: the one time anyone sees it. */
export function RecoveryCodeShown({ code, onDone }: { code: IssuedRecoveryCode; onDone: () => void }) {
  const { t } = useTranslation('staff');
  return (
    <div className="note note-warn" role="status" data-testid="recovery-code-shown">
      <p>{t('recovery.shown_title')}</p>
      <p>
        <code className="recovery-code" data-testid="recovery-code">
          {code.code}
        </code>
      </p>
      <p>{t('recovery.shown_keep')}</p>
      <button type="button" onClick={onDone} data-testid="recovery-code-done">
        {t('recovery.written_down')}
      </button>
    </div>
  );
}

/**
 * Settings: whether a code exists and since when, a new one on request, and one just made.
 * Nothing while sign-in is off and no code was ever made: turning sign-in on makes the first.
 */
export function RecoverySettings({
  enabled,
  shown,
  onShown,
}: {
  enabled: boolean;
  shown: IssuedRecoveryCode | null;
  onShown: (code: IssuedRecoveryCode | null) => void;
}) {
  const { t } = useTranslation('staff');
  const [createdAt, setCreatedAt] = useState<number | null>(null);
  const { error, setError, busy, run } = useSettingsAction();
  useEffect(() => {
    call('staff.recoveryStatus').then(
      (s) => setCreatedAt(s.createdAt),
      () => undefined,
    );
  }, [shown, enabled]);
  if (!enabled && createdAt === null && !shown) return null;

  return (
    <div data-testid="recovery-settings">
      <h3>{t('recovery.title')}</h3>
      <p className="muted">{t('recovery.why')}</p>
      <p data-testid="recovery-status">
        {createdAt === null ? t('recovery.none') : t('recovery.made', { at: formatDateTime(createdAt) })}
      </p>
      {shown ? (
        <RecoveryCodeShown code={shown} onDone={() => onShown(null)} />
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              onShown(await call('staff.newRecoveryCode'));
              return '';
            })
          }
          data-testid="recovery-new"
        >
          {t('recovery.new')}
        </button>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
