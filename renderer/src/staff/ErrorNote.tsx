/** A failure shown as something a person can act on: what kind of problem, then what to do. */
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload } from '../../../contract/ipc.ts';
import { describeError } from './error-text.ts';

export function ErrorNote({ error, onDismiss }: { error: ErrorPayload | null; onDismiss?: () => void }) {
  const { t } = useTranslation('common');
  if (error === null) return null;
  const { title, message } = describeError(error);
  return (
    <div className="note note-bad" role="alert" data-testid="error" data-code={error.code}>
      <strong>{title}</strong>
      <p>{message}</p>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          {t('action.dismiss')}
        </button>
      )}
    </div>
  );
}
