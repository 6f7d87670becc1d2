/**
 * Who is at the counter, while staff sign-in is on: the person signed in with a sign-out, and a
 * one-tap switch — the names, then the PIN of the one tapped. Wrong PINs say how many tries are
 * left; a lock-out says how long to wait. The PIN leaves the page's state as soon as it is sent.
 * Below the names, quietly, the recovery code's way back (ForgotManagerPin.tsx).
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload, StaffStatus } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { ForgotManagerPin } from './ForgotManagerPin.tsx';
import { SecretInput } from './SecretInput.tsx';

export function StaffSignIn({ status }: { status: StaffStatus }) {
  const { t } = useTranslation('staff');
  const [choosing, setChoosing] = useState(false);
  const [memberId, setMemberId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);
  if (!status.enabled) return null;
  const signedIn = status.signedIn;
  const picking = choosing || signedIn === null;
  const chosen = status.members.find((m) => m.id === memberId) ?? null;

  async function signIn(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    const typed = pin;
    setPin('');
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const r = await call('staff.signIn', { memberId: chosen.id, pin: typed });
      if (r.outcome === 'signed_in') {
        setChoosing(false);
        setMemberId(null);
      } else if (r.outcome === 'wrong') {
        setMessage(
          r.retryAfterSeconds === null
            ? t('signin.wrong', { tries: r.triesBeforeLockout })
            : t('signin.locked', { seconds: r.retryAfterSeconds }),
        );
      } else {
        setMessage(t('signin.locked', { seconds: r.retryAfterSeconds }));
      }
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card signin" aria-labelledby="signin-title" data-testid="staff-signin">
      <h2 id="signin-title">
        {signedIn ? (
          <span data-testid="signed-in">
            {t('signin.signed_in', { name: signedIn.name, role: signedIn.role })}
          </span>
        ) : (
          t('signin.nobody')
        )}
      </h2>
      {signedIn && (
        <div className="row">
          <button type="button" onClick={() => setChoosing(!choosing)} data-testid="switch-staff">
            {t('signin.switch')}
          </button>
          <button type="button" onClick={() => void call('staff.signOut')} data-testid="sign-out">
            {t('signin.sign_out')}
          </button>
        </div>
      )}
      {picking && (
        <div className="row wrap" role="group" aria-label={t('signin.who')}>
          {status.members.map((m) => (
            <button
              key={m.id}
              type="button"
              className={m.id === memberId ? 'primary' : undefined}
              aria-pressed={m.id === memberId}
              onClick={() => {
                setMemberId(m.id);
                setMessage(null);
              }}
              data-testid="signin-member"
            >
              {m.name}
            </button>
          ))}
        </div>
      )}
      {picking && chosen && (
        <form onSubmit={(e) => void signIn(e)} noValidate className="row">
          <label htmlFor="signin-pin">{t('signin.pin_for', { name: chosen.name })}</label>
          <SecretInput id="signin-pin" kind="pin" value={pin} onChange={setPin} testId="signin-pin" />
          <button type="submit" className="primary" disabled={busy} data-testid="signin-submit">
            {t('signin.submit')}
          </button>
        </form>
      )}
      {message && (
        <p className="note note-warn" role="status" data-testid="signin-message">
          {message}
        </p>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      {/* On a hub the fleet page's Reset PIN is the way back; the code is refused there. */}
      {picking && !status.managedByHub && <ForgotManagerPin status={status} />}
    </section>
  );
}
