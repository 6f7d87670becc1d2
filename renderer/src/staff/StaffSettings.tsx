/**
 * Staff sign-in in Settings: the members (a name, a role, a PIN set here and never shown), and
 * the switch that turns sign-in on, with the idle minutes. Turning it on needs a manager, and
 * shows the recovery code once when there was none (RecoveryCode.tsx). On a hub that manages
 * the store's staff, the members are listed read-only, "managed by the hub".
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../shared/i18n/react.ts';
import type { IssuedRecoveryCode, StaffRole, StaffStatus } from '../../../contract/ipc.ts';
import { IDLE_MINUTES_DEFAULT, STAFF_ROLES } from '../../../contract/roles.ts';
import { call } from '../shared/ipc-client.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { RecoverySettings } from './RecoveryCode.tsx';
import { useSettingsAction } from './use-settings-action.ts';
import { SecretInput } from './SecretInput.tsx';

export function StaffSettings({ status }: { status: StaffStatus }) {
  const { t } = useTranslation('staff');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('clerk');
  const [pin, setPin] = useState('');
  const [idle, setIdle] = useState(String(status.idleMinutes ?? IDLE_MINUTES_DEFAULT));
  const [shown, setShown] = useState<IssuedRecoveryCode | null>(null);
  const { error, setError, note, busy, run } = useSettingsAction();

  function add(event: FormEvent) {
    event.preventDefault();
    const typed = pin;
    setPin('');
    void run(async () => {
      const member = await call('staff.addMember', { name, role, pin: typed });
      setName('');
      return t('staff_settings.added', { name: member.name });
    });
  }

  if (status.managedByHub) {
    return (
      <section className="card" aria-labelledby="staff-settings-title" data-testid="staff-settings">
        <h2 id="staff-settings-title">{t('staff_settings.title')}</h2>
        <p data-testid="staff-managed">
          <strong>{t('staff_settings.managed_title')}</strong>
        </p>
        <p className="muted">{t('staff_settings.managed_hint')}</p>
        <ul className="members" data-testid="staff-members">
          {status.members.map((m) => (
            <li key={m.id}>{t('staff_settings.member', { name: m.name, role: m.role })}</li>
          ))}
        </ul>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="staff-settings-title" data-testid="staff-settings">
      <h2 id="staff-settings-title">{t('staff_settings.title')}</h2>
      <p className="muted">{t('staff_settings.why')}</p>
      <ul className="members" data-testid="staff-members">
        {status.members.map((m) => (
          <li key={m.id}>
            {t('staff_settings.member', { name: m.name, role: m.role })}{' '}
            <button
              type="button"
              className="danger-outline"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await call('staff.removeMember', { id: m.id });
                  return t('staff_settings.removed', { name: m.name });
                })
              }
            >
              {t('staff_settings.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} noValidate>
        <label htmlFor="staff-name">{t('staff_settings.name')}</label>
        <input
          id="staff-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="staff-name"
        />
        <label htmlFor="staff-role">{t('staff_settings.role_label')}</label>
        <select
          id="staff-role"
          value={role}
          onChange={(e) => setRole(e.target.value as StaffRole)}
          data-testid="staff-role"
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t('staff_settings.role', { role: r })}
            </option>
          ))}
        </select>
        <label htmlFor="staff-pin">{t('staff_settings.pin')}</label>
        <SecretInput id="staff-pin" kind="pin" value={pin} onChange={setPin} testId="staff-pin" />
        <button type="submit" className="primary" disabled={busy} data-testid="staff-add">
          {t('staff_settings.add')}
        </button>
      </form>
      <div className="row">
        <label htmlFor="staff-idle">{t('staff_settings.idle')}</label>
        <input
          id="staff-idle"
          type="number"
          min={1}
          max={240}
          value={idle}
          onChange={(e) => setIdle(e.target.value)}
        />
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const next = await call('staff.setEnabled', {
                enabled: !status.enabled,
                idleMinutes: Number(idle),
              });
              if (next.recoveryCode) setShown(next.recoveryCode);
              return next.enabled ? t('staff_settings.now_on') : t('staff_settings.now_off');
            })
          }
          data-testid="staff-enable"
        >
          {status.enabled ? t('staff_settings.turn_off') : t('staff_settings.turn_on')}
        </button>
      </div>
      {note && (
        <p className="note note-ok" role="status" data-testid="staff-settings-note">
          {note}
        </p>
      )}
      <ErrorNote error={error} onDismiss={() => setError(null)} />
      <RecoverySettings enabled={status.enabled} shown={shown} onShown={setShown} />
    </section>
  );
}
