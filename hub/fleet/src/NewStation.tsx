/**
 * A new station: store, name, counter or kiosk → a one-time enrollment code, shown here once
 * (the hub keeps only its hash) until the admin dismisses it.
 */
import { useState, type FormEvent } from 'react';
import { STATION_KINDS, type StationKind } from '../../../contract/hub-api.ts';
import { FIELD_MAX } from '../../src/fleet-overview.ts';
import { fleetApi, type CreatedCode } from './api.ts';
import { useI18n } from './i18n.tsx';
import { ErrorNote } from './ErrorNote.tsx';

interface Shown extends CreatedCode {
  store: string;
  name: string;
  kind: StationKind;
}

export function NewStation({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t, time } = useI18n();
  const [store, setStore] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<StationKind>(STATION_KINDS[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
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
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="new-station-heading">
      <h2 id="new-station-heading">{t.newStation}</h2>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <label>
          {t.store}
          <input value={store} onChange={(e) => setStore(e.target.value)} required maxLength={FIELD_MAX} />
        </label>
        <label>
          {t.stationName}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={FIELD_MAX} />
        </label>
        <label>
          {t.kind}
          <select value={kind} onChange={(e) => setKind(e.target.value as StationKind)}>
            {STATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k]}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" type="submit" disabled={busy}>
          {t.createCode}
        </button>
      </form>
      <ErrorNote error={error} />
      {shown && (
        <div className="note note-ok" role="status" aria-label={t.enrollmentCode}>
          <p>{t.codeFor(shown.name, t.kinds[shown.kind], shown.store)}</p>
          <p className="code" data-testid="enrollment-code">
            {shown.code}
          </p>
          <p className="muted">{t.codeValid(time(shown.expiresAt))}</p>
          <button type="button" onClick={() => setShown(null)}>
            {t.done}
          </button>
        </div>
      )}
    </section>
  );
}
