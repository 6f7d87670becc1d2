/** Every station with its state; revoking one asks first, in the row itself. */
import { useState } from 'react';
import { fleetApi, type Overview } from './api.ts';
import { utc } from './format.ts';

type Station = Overview['stations'][number];

function State({ station }: { station: Station }) {
  if (station.revoked) return <span className="status status-bad">revoked</span>;
  return station.online ? (
    <span className="status status-ok">online</span>
  ) : (
    <span className="status">offline</span>
  );
}

function Revoke({ station, onChanged }: { station: Station; onChanged: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (station.revoked) return null;

  async function revoke() {
    setBusy(true);
    setError(null);
    try {
      await fleetApi.revoke(station.id);
      await onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  if (!confirming) {
    return (
      <>
        <button
          type="button"
          className="danger-outline"
          aria-label={`Revoke ${station.name}`}
          onClick={() => setConfirming(true)}
        >
          Revoke
        </button>
        {error && (
          <span className="error" role="alert">
            {' '}
            {error}
          </span>
        )}
      </>
    );
  }
  return (
    <span className="row" role="group" aria-label={`Revoke ${station.name}?`}>
      <span>Its token stops working at once. Revoke?</span>
      <button type="button" className="danger" disabled={busy} onClick={() => void revoke()}>
        Yes, revoke {station.name}
      </button>
      <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}

export function StationsTable({
  stations,
  onChanged,
}: {
  stations: Station[];
  onChanged: () => Promise<void>;
}) {
  if (stations.length === 0) return <p className="muted">No station enrolled yet.</p>;
  return (
    <table aria-labelledby="stations-heading">
      <thead>
        <tr>
          <th>Station</th>
          <th>Store</th>
          <th>Kind</th>
          <th>State</th>
          <th>Last seen</th>
          <th className="number">Queued</th>
          <th className="number">Active sessions</th>
          <th>
            <span className="muted">Action</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {stations.map((s) => (
          <tr key={s.id} data-station-id={s.id}>
            <td>
              {s.name}
              <div className="muted">{s.id}</div>
            </td>
            <td>{s.store}</td>
            <td>{s.kind}</td>
            <td>
              <State station={s} />
            </td>
            <td>{utc(s.lastSeen)}</td>
            <td className="number">{s.queued}</td>
            <td className="number">{s.active}</td>
            <td>
              <Revoke station={s} onChanged={onChanged} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
