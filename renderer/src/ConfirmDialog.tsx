/**
 * A modal confirmation on the native <dialog>: it traps focus, closes on Escape and returns
 * focus to the button that opened it, with no library. No <form method="dialog">: the app's CSP
 * has form-action 'none'.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      onClose={onClose}
      data-testid="confirm"
    >
      {request && (
        <div>
          <h2 id="confirm-title">{request.title}</h2>
          <p>{request.body}</p>
          <div className="row end">
            <button type="button" className="secondary" autoFocus onClick={onClose}>
              {t('confirm.keep')}
            </button>
            <button
              type="button"
              className="danger"
              data-testid="confirm-yes"
              onClick={() => {
                request.onConfirm();
                onClose();
              }}
            >
              {request.confirmLabel}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
