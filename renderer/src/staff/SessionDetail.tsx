/**
 * One verification: what happened (timeline, checks, last error in words), and what staff can
 * do about it (hand over to the customer screen or a phone, retry, cancel, redact, see the result).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload, SessionDetail as Detail, SessionView } from '../../../contract/ipc.ts';
import { call, withdrawQueued } from '../shared/ipc-client.ts';
import type { ConfirmRequest } from './ConfirmDialog.tsx';
import { ErrorNote } from './ErrorNote.tsx';
import { guidanceFor } from '../shared/last-error-guidance.ts';
import { svgDataUrl } from '../shared/qr-image.ts';
import { attemptText, sessionState, timelineSteps } from './clerk-session-state.ts';
import { EMPTY_START_FORM, toStartInput } from './start-form.ts';
import type { StartOutcome } from './StartForm.tsx';
import { appCodeNote, eventLabel, formatTime } from './status-text.ts';
import { ResultPanel } from './ResultPanel.tsx';
import { RevealButton } from './RevealButton.tsx';
import { StatusPill } from './SessionList.tsx';
import type { useRevealedResult } from './use-result.ts';
import { useStaffContext } from './use-staff.ts';

/** The note for a record's code: the app's own codes first, then Stripe's last_error codes. */
function noteFor(code: string): { title: string; staff: string } {
  return appCodeNote(code) ?? guidanceFor(code);
}

interface Props {
  /** A new verification for the same reference was started here (no dead ends). */
  onStartedNew?: (outcome: StartOutcome) => void;
  session: SessionView;
  results: ReturnType<typeof useRevealedResult>;
  confirm: (request: ConfirmRequest) => void;
  onUpdated: (s: SessionView) => void;
}

export function SessionDetail({ session, results, confirm, onUpdated, onStartedNew }: Props) {
  const { t } = useTranslation('staff');
  const staff = useStaffContext();
  const checkLabel = {
    document: t('detail.check.document'),
    selfie: t('detail.check.selfie'),
    id_number: t('detail.check.id_number'),
  };
  const checkResult = {
    verified: t('detail.check.passed'),
    unverified: t('detail.check.failed'),
  };
  /** 書類：不合格（理由） / Document: failed (reason): the punctuation is the catalogue's, per language. */
  const checkLine = (c: Detail['checks'][number]) => {
    const values = {
      check: checkLabel[c.check],
      result:
        c.status === 'verified' || c.status === 'unverified'
          ? checkResult[c.status]
          : t('detail.check.not_done'),
    };
    return c.errorCode
      ? t('detail.check.line_reason', { ...values, reason: guidanceFor(c.errorCode).title })
      : t('detail.check.line', values);
  };
  const [fetched, setFetched] = useState<Detail | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const id = session.id;

  // Fetch again whenever the live view says the session changed. A queued session (no id yet)
  // has no detail to show.
  const detail = id === null ? null : fetched;
  useEffect(() => {
    if (id === null) return;
    let live = true;
    call('sessions.get', { id }).then(
      (d) => live && setFetched(d),
      (e: ErrorPayload) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [id, session.updated, session.status, session.redacted]);

  // A QR code is for one hand-over: drop it when the session moves on or another is shown
  // (while rendering, as React advises for state that follows props, rather than in an effect).
  const qrKey = `${id}|${session.status}`;
  const [qrShownFor, setQrShownFor] = useState(qrKey);
  if (qrShownFor !== qrKey) {
    setQrShownFor(qrKey);
    setQr(null);
  }

  const shownResult = results.result !== null && results.result.sessionId === id ? results.result : null;
  useEffect(() => {
    if (session.redacted && shownResult) results.clear();
  }, [session.redacted, shownResult, results]);

  async function act(name: string, run: () => Promise<void>) {
    setError(null);
    setBusy(name);
    try {
      await run();
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(null);
    }
  }

  const open = session.status === 'requires_input' && !session.redacted;
  const attemptsLeft = Math.max(0, session.maxAttempts - session.attempts);
  const canRetry = open && session.lastErrorCode !== null && attemptsLeft > 0;
  // What main would refuse the person signed in is not offered (main enforces it all the same).
  const canRedact =
    id !== null && !session.redacted && session.status !== 'processing' && staff.can('sessions.redact');
  const canReveal = id !== null && session.status === 'verified' && !session.redacted;
  const state = sessionState(session);
  const canStartNew =
    onStartedNew !== undefined &&
    session.reference !== '' &&
    (state === 'no_attempts_left' || state === 'canceled' || state === 'not_created');

  return (
    <section className="card detail" aria-labelledby="detail-title" data-testid="detail">
      <div className="row between">
        <h2 id="detail-title" tabIndex={-1}>
          {session.reference || t('reference.none')}
        </h2>
        <StatusPill session={session} />
      </div>
      {session.manualCheck && (
        <p className="note note-info" data-testid="manual-check-shown">
          {t('manual.shown', {
            document: t('manual.document_type', { type: session.manualCheck.documentType }),
            outcome: t('manual.outcome_value', { outcome: session.manualCheck.outcome }),
          })}
        </p>
      )}
      <p className="muted">
        {session.type === 'document' ? t('type.document') : t('type.id_number')}
        {t('separator')}
        {t('detail.started', { time: formatTime(session.created) })}
        {t('separator')}
        {attemptText(session)}
        {id && (
          <>
            {t('separator')}
            <code>{id}</code>
          </>
        )}
      </p>
      {session.status === 'queued' && <p className="note note-warn">{t('detail.waiting_connection')}</p>}
      {session.lastErrorCode && session.lastErrorCode !== 'withdrawn' && (
        <div className="note note-warn" data-testid="last-error">
          <strong>{noteFor(session.lastErrorCode).title}</strong>
          <p>{noteFor(session.lastErrorCode).staff}</p>
        </div>
      )}

      <div className="actions" role="group" aria-label={t('detail.actions')}>
        <button
          type="button"
          disabled={!open || busy !== null}
          onClick={() =>
            act('present', async () => void (await call('customer.present', { id: id!, via: 'screen' })))
          }
          data-testid="present-screen"
        >
          {t('detail.present_screen')}
        </button>
        <button
          type="button"
          disabled={!open || busy !== null}
          onClick={() =>
            act('qr', async () => {
              const r = await call('customer.present', { id: id!, via: 'qr' });
              setQr(r.qrSvg);
            })
          }
          data-testid="present-qr"
        >
          {t('detail.present_qr')}
        </button>
        <button
          type="button"
          disabled={!canRetry || busy !== null}
          onClick={() => act('retry', async () => onUpdated(await call('sessions.retry', { id: id! })))}
          data-testid="retry"
        >
          {t('detail.retry')}
        </button>
        <button
          type="button"
          className="danger-outline"
          disabled={!open || busy !== null}
          data-testid="cancel"
          onClick={() =>
            confirm({
              title: t('detail.cancel_confirm.title'),
              body: t('detail.cancel_confirm.body'),
              confirmLabel: t('detail.cancel_confirm.yes'),
              onConfirm: () =>
                void act('cancel', async () => onUpdated(await call('sessions.cancel', { id: id! }))),
            })
          }
        >
          {t('detail.cancel')}
        </button>
        {staff.can('sessions.redact') && (
          <button
            type="button"
            className="danger-outline"
            disabled={!canRedact || busy !== null}
            data-testid="redact"
            onClick={() =>
              confirm({
                title: t('detail.redact_confirm.title'),
                body:
                  session.status === 'requires_input'
                    ? t('detail.redact_confirm.body_waiting')
                    : t('detail.redact_confirm.body'),
                confirmLabel: t('detail.redact_confirm.yes'),
                onConfirm: () =>
                  void act('redact', async () => {
                    results.clear();
                    onUpdated(await call('sessions.redact', { id: id! }));
                  }),
              })
            }
          >
            {t('detail.redact')}
          </button>
        )}
      </div>
      {session.status === 'queued' && session.clientReferenceId !== '' && (
        <button
          type="button"
          className="danger-outline"
          disabled={busy !== null}
          data-testid="withdraw"
          onClick={() =>
            confirm({
              title: t('detail.withdraw_confirm.title'),
              body: t('detail.withdraw_confirm.body'),
              confirmLabel: t('detail.withdraw_confirm.yes'),
              onConfirm: () =>
                void act('withdraw', async () => onUpdated(await withdrawQueued(session.clientReferenceId))),
            })
          }
        >
          {t('detail.withdraw')}
        </button>
      )}
      {canStartNew && (
        <button
          type="button"
          className="primary"
          disabled={busy !== null}
          data-testid="start-new"
          onClick={() =>
            act('start-new', async () => {
              const outcome = await call(
                'sessions.start',
                toStartInput({ ...EMPTY_START_FORM, type: session.type, reference: session.reference }),
              );
              onStartedNew(outcome);
            })
          }
        >
          {t('detail.start_new')}
        </button>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />

      {qr && (
        <figure className="qr" data-testid="qr">
          <img src={svgDataUrl(qr)} alt={t('detail.qr_alt')} />
          <figcaption>{t('detail.qr_caption')}</figcaption>
        </figure>
      )}

      {canReveal && !shownResult && staff.can('sessions.result') && (
        <RevealButton id={id} results={results} />
      )}
      <ErrorNote error={results.error} />
      {shownResult && <ResultPanel result={shownResult} onClear={results.clear} />}

      {detail && detail.checks.length > 0 && (
        <>
          <h3>{t('detail.checks')}</h3>
          <ul className="checks" data-testid="checks">
            {detail.checks.map((c) => (
              <li key={c.check}>{checkLine(c)}</li>
            ))}
          </ul>
        </>
      )}
      {detail && detail.timeline.length > 0 && (
        <>
          <h3>{t('detail.timeline')}</h3>
          <ol className="timeline" data-testid="timeline">
            {timelineSteps(detail.timeline).map((t, i) => (
              <li key={`${t.type}-${t.at}-${i}`}>
                <span className="muted">{formatTime(t.at)}</span> {eventLabel(t.type)}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
