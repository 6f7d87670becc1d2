/**
 * A modal confirmation on the native <dialog>: it keeps the focus inside, closes on Escape and returns
 * focus to the button that opened it, with no library. No <form method="dialog">: the app's CSP
 * has form-action 'none'.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm: () => void;
}

/**
 * Tab from the last button goes to the first, Shift+Tab from the first to the last: a modal
 * dialog's page is inert, but the browser would otherwise let the focus leave for its own UI.
 */
function keepFocusInside(e: KeyboardEvent<HTMLDialogElement>) {
  if (e.key !== 'Tab') return;
  const stops = [
    ...e.currentTarget.querySelectorAll<HTMLElement>('button:not(:disabled), [href], input, select'),
  ];
  const first = stops[0];
  const last = stops[stops.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * The dialog gives the focus back to the button that opened it; when that button can no longer
 * take it (the action just confirmed disables it), the focus would fall to the page. Then it goes
 * to the heading of the section the button is in, so a keyboard user is not sent back to the top.
 * Watched for a second, frame by frame: the button is disabled when React draws the busy state.
 */
function keepFocusNear(opener: HTMLElement) {
  const fallback = opener.closest('section')?.querySelector<HTMLElement>('h2[tabindex="-1"]') ?? null;
  let frames = 60;
  const check = () => {
    const active = document.activeElement;
    if (active === null || active === document.body) {
      if (fallback?.isConnected) fallback.focus();
      return;
    }
    if (active !== opener || --frames <= 0) return;
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const { t } = useTranslation('common');
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!request && dialog.open) {
      dialog.close();
      if (opener.current) keepFocusNear(opener.current);
    }
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      onClose={(e) => {
        // The browser queues the close event; by the time it runs, a fast Escape then Enter may
        // have opened the dialog again for a new request, which that stale event must not close.
        if (!e.currentTarget.open) onClose();
      }}
      onKeyDown={keepFocusInside}
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
