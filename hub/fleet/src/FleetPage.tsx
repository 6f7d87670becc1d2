/**
 * The fleet page: alerts, the dashboard, stations with their health, a new station's enrollment
 * code, the station policy, each store's staff, sessions per store and a store's searchable list. It is live: the hub's fleet stream
 * (live.ts) says what changed and the page reloads that part; and it reloads the overview after
 * every change it makes.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FleetTopic } from '../../src/dashboard-types.ts';
import { Alerts } from './Alerts.tsx';
import { fleetApi, type Overview } from './api.ts';
import { Dashboard } from './Dashboard.tsx';
import { useFleetStream } from './live.ts';
import { usePicture } from './picture-i18n.ts';
import { SessionList } from './SessionList.tsx';
import { useI18n } from './i18n.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NewStation } from './NewStation.tsx';
import { EffectivePolicyView } from './EffectivePolicyView.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { Redactions } from './Redactions.tsx';
import { AuditView } from './AuditView.tsx';
import { SessionsByStore } from './SessionsByStore.tsx';
import { StaffView } from './StaffView.tsx';
import { StationsTable } from './StationsTable.tsx';
import { UpdatesView } from './UpdatesView.tsx';
import { ErrorNote } from './ErrorNote.tsx';

export function FleetPage() {
  const { t, time, count } = useI18n();
  const { p } = usePicture();
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
    return () => clearTimeout(first);
  }, [refresh]);

  // What the stream says changed: the overview for stations and sessions; the dashboard and the
  // lists, and the alerts, by their own reload counters.
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const [alertsVersion, setAlertsVersion] = useState(0);
  const live = useFleetStream(
    useCallback(
      (topics: readonly FleetTopic[]) => {
        if (topics.includes('stations') || topics.includes('sessions')) void refresh();
        if (topics.includes('sessions')) setSessionsVersion((n) => n + 1);
        if (topics.includes('alerts')) setAlertsVersion((n) => n + 1);
      },
      [refresh],
    ),
  );
  const stores = [...new Set((overview?.stations ?? []).map((s) => s.store))].sort();

  return (
    <>
      <header className="top">
        <h1>{t.heading}</h1>
        <div className="actions">
          <span role="status" className={live ? 'live live-on' : 'live'}>
            {live ? p.live.on : p.live.off}
          </span>
          <LanguageSwitch />
          <a href={updates ? '#' : '#updates'}>{updates ? t.updates.back : t.updates.link}</a>
          <button type="button" onClick={() => void fleetApi.signOut()}>
            {t.signOut}
          </button>
        </div>
      </header>
      <main>
        <p className="muted" aria-live="polite">
          {asOf === null ? t.loading : t.asOf(time(asOf))}
        </p>
        <ErrorNote error={error} />
        {updates ? (
          <UpdatesView />
        ) : (
          <>
            <Alerts version={alertsVersion} />
            <Dashboard version={sessionsVersion} />
            <NewStation onCreated={refresh} />
            <h2 id="stations-heading">{t.stations}</h2>
            {overview && (
              <>
                <p className="muted">{count(overview.stations.length, t.stationCount)}</p>
                <StationsTable stations={overview.stations} onChanged={refresh} />
              </>
            )}
            {overview && <PolicyEditor stations={overview.stations} />}
            {overview && <EffectivePolicyView stations={overview.stations} />}
            {overview && <StaffView stations={overview.stations} />}
            <Redactions />
            <h2>{t.sessionsByStore}</h2>
            {overview && (
              <SessionsByStore sessions={overview.sessions} storesWithMore={overview.storesWithMore} />
            )}
            <SessionList stores={stores} version={sessionsVersion} />
            <AuditView stores={stores} />
          </>
        )}
      </main>
    </>
  );
}
