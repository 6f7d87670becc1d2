/**
 * "Forgot every manager PIN?" on the sign-in card: the recovery code, a manager (or a new
 * manager's name) and a new PIN. Main checks the code (wrong codes lock out like PINs), sets the
 * PIN and answers with a new code, shown once here. The code and PIN leave the page's state as
 * soon as they are sent.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { ErrorPayload, IssuedRecoveryCode, StaffStatus } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { RecoveryCodeShown } from './RecoveryCode.tsx';
import { SecretInput } from './SecretInput.tsx';

/** The choice that names a new manager instead of one of the members. */
const NEW_MANAGER = 'new';

export function ForgotManagerPin({ status }: { status: StaffStatus }) {
  const { t } = useTranslation('staff');
  const managers = status.members.filter((m) => m.role === 'manager');
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [who, setWho] = useState<string>(managers[0]?.id ?? NEW_MANAGER);
  const [newName, setNewName] = useState('');
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<{ name: string; code: IssuedRecoveryCode } | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [busy, setBusy] = useState(false);

  if (done) {
    return (
      <div data-testid="recovery-done">
        <p className="note note-ok" role="status">
          {t('recovery.done', { name: done.name })}
        </p>
        <RecoveryCodeShown
          code={done.code}
          onDone={() => {
            setDone(null);
            setOpen(false);
          }}
        />
      </div>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        className="link"
        onClick={() => {
          setWho(managers[0]?.id ?? NEW_MANAGER);
          setOpen(true);
        }}
        data-testid="forgot-open"
      >
        {t('recovery.forgot')}
      </button>
    );
  }

  async function recover(event: FormEvent) {
    event.preventDefault();
    const typed = { code, pin };
    setCode('');
    setPin('');
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const target = who === NEW_MANAGER ? { newManagerName: newName } : { memberId: who };
      const r = await call('staff.recover', { ...typed, ...target });
      if (r.outcome === 'recovered') {
        setNewName('');
        setDone({ name: r.member.name, code: r.recoveryCode });
      } else if (r.outcome === 'wrong') {
        setMessage(
          r.retryAfterSeconds === null
            ? t('recovery.wrong', { tries: r.triesBeforeLockout })
            : t('recovery.locked', { seconds: r.retryAfterSeconds }),
        );
      } else {
        setMessage(t('recovery.locked', { seconds: r.retryAfterSeconds }));
      }
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void recover(e)} noValidate aria-labelledby="forgot-title" data-testid="forgot">
      <h3 id="forgot-title">{t('recovery.forgot_title')}</h3>
      <label htmlFor="forgot-code">{t('recovery.code')}</label>
      <input
        id="forgot-code"
        autoComplete="off"
        spellCheck={false}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        data-testid="forgot-code"
      />
      <label htmlFor="forgot-who">{t('recovery.manager')}</label>
      <select id="forgot-who" value={who} onChange={(e) => setWho(e.target.value)} data-testid="forgot-who">
        {managers.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
        <option value={NEW_MANAGER}>{t('recovery.new_manager')}</option>
      </select>
      {who === NEW_MANAGER && (
        <>
          <label htmlFor="forgot-name">{t('recovery.new_name')}</label>
          <input
            id="forgot-name"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            data-testid="forgot-name"
          />
        </>
      )}
      <label htmlFor="forgot-pin">{t('recovery.pin')}</label>
      <SecretInput id="forgot-pin" kind="pin" value={pin} onChange={setPin} testId="forgot-pin" />
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="forgot-submit">
          {t('recovery.submit')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('recovery.cancel')}
        </button>
      </div>
      {message && (
        <p className="note note-warn" role="status" data-testid="forgot-message">
          {message}
        </p>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
    </form>
  );
}
