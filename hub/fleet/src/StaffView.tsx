/**
 * Staff members on the fleet page (issue 19, item 1): pick a store, see its staff with their role;
 * add one (name, role, PIN), change a role, reset a PIN (also the way back when a store's
 * managers forget theirs), remove one after a confirmation. The hub hashes each PIN and keeps
 * the hash only; the store's stations get every change over their stream.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { HubMemberShown } from '../../../contract/hub-staff.ts';
import { STAFF_ROLES, type StaffRole } from '../../../contract/roles.ts';
import type { Overview } from '../../src/fleet-overview.ts';
import { FleetApiError } from './api.ts';
import { useI18n } from './i18n.tsx';
import { staffApi } from './staff-api.ts';
import { STAFF_WORDS } from './staff-messages.ts';

export function StaffView({ stations }: { stations: Overview['stations'] }) {
  const { language, time, errorText } = useI18n();
  const w = STAFF_WORDS[language];
  const id = useId();
  const stores = [...new Set(stations.filter((s) => !s.revoked).map((s) => s.store))].sort();
  const [store, setStore] = useState('');
  const [members, setMembers] = useState<HubMemberShown[] | null>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('manager');
  const [pin, setPin] = useState('');
  const [resetting, setResetting] = useState<HubMemberShown | null>(null);
  const [newPin, setNewPin] = useState('');
  const [confirming, setConfirming] = useState<HubMemberShown | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (s: string) => {
    if (s === '') return setMembers(null);
    try {
      setMembers((await staffApi.list(s)).members);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => void load(store), 0);
    return () => clearTimeout(timer);
  }, [store, load]);

  async function run(change: () => Promise<string>) {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      setDone(await change());
      await load(store);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const typed = pin;
    setPin('');
    void run(async () => {
      const { member } = await staffApi.add({ store, name, role, pin: typed });
      setName('');
      return w.added(member.name);
    });
  }

  function savePin(event: FormEvent) {
    event.preventDefault();
    if (!resetting) return;
    const who = resetting;
    const typed = newPin;
    setNewPin('');
    void run(async () => {
      await staffApi.resetPin(who.id, typed);
      setResetting(null);
      return w.pinReset(who.name);
    });
  }

  // The hub's refusals of staff have the page's own words; the rest the page's usual ones.
  const failure = (e: unknown) =>
    e instanceof FleetApiError && e.code in w.errors
      ? w.errors[e.code as keyof typeof w.errors]
      : errorText(e);

  return (
    <section aria-labelledby={`${id}-heading`} className="card" data-testid="staff">
      <h2 id={`${id}-heading`}>{w.heading}</h2>
      <p className="muted">{w.hint}</p>
      <div className="field">
        <label htmlFor={`${id}-store`}>{w.store}</label>
        <select id={`${id}-store`} value={store} onChange={(e) => setStore(e.target.value)}>
          <option value="">{w.chooseStore}</option>
          {stores.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {done !== null && (
        <p className="note note-ok" role="status">
          {done}
        </p>
      )}
      {error !== null && (
        <p className="note note-bad" role="alert">
          {failure(error)}
        </p>
      )}
      {store !== '' && members !== null && members.length === 0 && <p className="muted">{w.none}</p>}
      {store !== '' && members !== null && members.length > 0 && (
        <table aria-labelledby={`${id}-heading`}>
          <thead>
            <tr>
              <th>{w.colName}</th>
              <th>{w.colRole}</th>
              <th>{w.colChanged}</th>
              <th>{w.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const other: StaffRole = m.role === 'manager' ? 'clerk' : 'manager';
              return (
                <tr key={m.id} data-member={m.name}>
                  <td>{m.name}</td>
                  <td>{w.roles[m.role]}</td>
                  <td>{time(m.updatedAt)}</td>
                  <td className="row">
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        void run(async () => {
                          await staffApi.setRole(m.id, other);
                          return w.roleChanged(m.name);
                        })
                      }
                    >
                      {w.makeRole(other, m.name)}
                    </button>
                    <button type="button" disabled={busy} onClick={() => setResetting(m)}>
                      {w.resetPin(m.name)}
                    </button>
                    <button
                      type="button"
                      className="danger-outline"
                      disabled={busy}
                      onClick={() => setConfirming(m)}
                    >
                      {w.remove(m.name)}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {resetting !== null && (
        <form onSubmit={savePin} noValidate className="row" aria-label={w.resetPin(resetting.name)}>
          <PinField
            id={`${id}-newpin`}
            label={w.newPin(resetting.name)}
            value={newPin}
            onChange={setNewPin}
          />
          <button type="submit" className="primary" disabled={busy}>
            {w.savePin}
          </button>
          <button type="button" disabled={busy} onClick={() => setResetting(null)}>
            {w.cancel}
          </button>
        </form>
      )}
      {confirming !== null && (
        <div className="row" role="alertdialog" aria-label={w.removeAsk(confirming.name)}>
          <span>
            <strong>{w.removeAsk(confirming.name)}</strong> {w.removeWarning}
          </span>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              const who = confirming;
              setConfirming(null);
              void run(async () => {
                await staffApi.remove(who.id);
                return w.removed(who.name);
              });
            }}
          >
            {w.removeYes(confirming.name)}
          </button>
          <button type="button" disabled={busy} onClick={() => setConfirming(null)}>
            {w.cancel}
          </button>
        </div>
      )}
      {store !== '' && (
        <form onSubmit={add} noValidate aria-label={w.addHeading} className="row">
          <div className="field">
            <label htmlFor={`${id}-name`}>{w.name}</label>
            <input
              id={`${id}-name`}
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{w.role}</label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
              {STAFF_ROLES.map((r) => (
                <option key={r} value={r}>
                  {w.roles[r]}
                </option>
              ))}
            </select>
          </div>
          <PinField id={`${id}-pin`} label={w.pin} value={pin} onChange={setPin} />
          <button type="submit" className="primary" disabled={busy}>
            {w.add}
          </button>
        </form>
      )}
    </section>
  );
}

/** A PIN typed for the hub to hash: never shown, never kept by the browser. */
function PinField(p: { id: string; label: string; value: string; onChange: (value: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </div>
  );
}
