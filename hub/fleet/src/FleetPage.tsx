/**
 * The fleet page: stations, a new station's enrollment code, sessions per store. It reloads the
 * overview every 15 s and after every change it makes.
 */
import { useCallback, useEffect, useState } from 'react';
import { fleetApi, type Overview } from './api.ts';
import { NewStation } from './NewStation.tsx';
import { SessionsByStore } from './SessionsByStore.tsx';
import { StationsTable } from './StationsTable.tsx';
import { utc } from './format.ts';

const REFRESH_MS = 15_000;

export function FleetPage() {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [asOf, setAsOf] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const next = await fleetApi.overview();
      setOverview(next);
      setAsOf(Date.now());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  return (
    <>
      <header className="top">
        <h1>Countersign Hub — fleet</h1>
        <div className="actions">
          <button type="button" onClick={() => void refresh()}>
            Refresh
          </button>
          <button type="button" onClick={() => void fleetApi.signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main>
        <p className="muted" aria-live="polite">
          {asOf === null ? 'Loading…' : `As of ${utc(asOf)}.`}
        </p>
        {error && (
          <p className="note note-bad" role="alert">
            {error}
          </p>
        )}
        <NewStation onCreated={refresh} />
        <h2 id="stations-heading">Stations</h2>
        {overview && <StationsTable stations={overview.stations} onChanged={refresh} />}
        <h2>Sessions by store</h2>
        {overview && <SessionsByStore sessions={overview.sessions} />}
      </main>
    </>
  );
}
