/**
 * The fleet page: stations, a new station's enrollment code, sessions per store. It reloads the
 * overview every 15 s and after every change it makes.
 */
import { useCallback, useEffect, useState } from 'react';
import { fleetApi, type Overview } from './api.ts';
import { useI18n } from './i18n.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NewStation } from './NewStation.tsx';
import { SessionsByStore } from './SessionsByStore.tsx';
import { StationsTable } from './StationsTable.tsx';
import { UpdatesView } from './UpdatesView.tsx';

const REFRESH_MS = 15_000;

export function FleetPage() {
  const { t, time, count, errorText } = useI18n();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [asOf, setAsOf] = useState<number | null>(null);
  // The failure itself, not its words: a language switch re-words it.
  const [error, setError] = useState<unknown>(null);
  // `#updates` shows the Updates view instead of stations and sessions.
  const [updates, setUpdates] = useState(() => window.location.hash === '#updates');
  useEffect(() => {
    const follow = () => setUpdates(window.location.hash === '#updates');
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await fleetApi.overview();
      setOverview(next);
      setAsOf(Date.now());
      setError(null);
    } catch (e) {
      setError(e);
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
        <h1>{t.heading}</h1>
        <div className="actions">
          <LanguageSwitch />
          <a href={updates ? '#' : '#updates'}>{updates ? t.updates.back : t.updates.link}</a>
          <button type="button" onClick={() => void refresh()}>
            {t.refresh}
          </button>
          <button type="button" onClick={() => void fleetApi.signOut()}>
            {t.signOut}
          </button>
        </div>
      </header>
      <main>
        <p className="muted" aria-live="polite">
          {asOf === null ? t.loading : t.asOf(time(asOf))}
        </p>
        {error !== null && (
          <p className="note note-bad" role="alert">
            {errorText(error)}
          </p>
        )}
        {updates && <UpdatesView />}
        {!updates && <NewStation onCreated={refresh} />}
        {!updates && <h2 id="stations-heading">{t.stations}</h2>}
        {!updates && overview && (
          <>
            <p className="muted">{count(overview.stations.length, t.stationCount)}</p>
            <StationsTable stations={overview.stations} onChanged={refresh} />
          </>
        )}
        {!updates && <h2>{t.sessionsByStore}</h2>}
        {!updates && overview && (
          <SessionsByStore sessions={overview.sessions} storesWithMore={overview.storesWithMore} />
        )}
      </main>
    </>
  );
}
