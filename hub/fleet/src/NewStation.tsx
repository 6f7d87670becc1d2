/**
 * A new station: store, name, counter or kiosk → a one-time enrollment code, shown here once
 * (the hub keeps only its hash) until the admin dismisses it.
 */
import { useState, type FormEvent } from 'react';
import { STATION_KINDS } from '../../../contract/hub-api.ts';
import { fleetApi, type CreatedCode } from './api.ts';
import { utc } from './format.ts';

const FIELD_MAX = 80;
const KIND_LABEL: Record<(typeof STATION_KINDS)[number], string> = { counter: 'Counter', kiosk: 'Kiosk' };

interface Shown extends CreatedCode {
  store: string;
  name: string;
  kind: string;
}

export function NewStation({ onCreated }: { onCreated: () => Promise<void> }) {
  const [store, setStore] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>(STATION_KINDS[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const input = { store: store.trim(), name: name.trim(), kind };
      const created = await fleetApi.createCode(input);
      setShown({ ...created, ...input });
      setName('');
      await onCreated();
    } catch (e) {
      // What was typed stays, so the admin corrects it rather than starting over.
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-station-heading">
      <h2 id="new-station-heading">New station</h2>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <label>
          Store
          <input value={store} onChange={(e) => setStore(e.target.value)} required maxLength={FIELD_MAX} />
        </label>
        <label>
          Station name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={FIELD_MAX} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {STATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" type="submit" disabled={busy}>
          Create enrollment code
        </button>
      </form>
      {error && (
        <p className="note note-bad" role="alert">
          {error}
        </p>
      )}
      {shown && (
        <div className="note note-ok" role="status" aria-label="Enrollment code">
          <p>
            Enrollment code for {shown.name} ({shown.kind}) in {shown.store}:
          </p>
          <p className="code" data-testid="enrollment-code">
            {shown.code}
          </p>
          <p className="muted">
            Valid once, until {utc(shown.expiresAt)}. It is shown only now: enter it in the station’s Settings
            → Connect to a hub.
          </p>
          <button type="button" onClick={() => setShown(null)}>
            Done
          </button>
        </div>
      )}
    </section>
  );
}
