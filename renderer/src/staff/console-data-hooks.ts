/** Live data from main, as React hooks: a first fetch, then the contract's events. */
import { useEffect, useReducer, useState } from 'react';
import type { AppStatus, ErrorPayload, SessionView } from '../../../contract/ipc.ts';
import { call, subscribe } from '../shared/ipc-client.ts';
import { appStatusReducer, INITIAL_APP_STATUS } from './app-status-reducer.ts';
import { mergeSession, startOfToday } from './today-list.ts';

export { sessionKey } from './today-list.ts';

/** How often the console checks whether the day has changed. */
const DAY_CHECK_MS = 60_000;

export function useAppStatus(): { status: AppStatus | null; error: ErrorPayload | null } {
  const [state, dispatch] = useReducer(appStatusReducer, INITIAL_APP_STATUS);
  useEffect(() => {
    let live = true;
    // Subscribe first: an event that arrives while the first fetch is in flight is newer.
    const stop = subscribe('status.changed', (status) => dispatch({ type: 'event', status }));
    call('app.status').then(
      (status) => live && dispatch({ type: 'fetched', status }),
      (error: ErrorPayload) => live && dispatch({ type: 'fetch_failed', error }),
    );
    return () => {
      live = false;
      stop();
    };
  }, []);
  return { status: state.status, error: state.error };
}

export function useTodaySessions(): {
  sessions: SessionView[];
  error: ErrorPayload | null;
  upsert: (s: SessionView) => void;
  /** Loads the list again (after a creation was queued: main may not announce it as an event). */
  refresh: () => void;
} {
  const [sessions, setSessions] = useState<SessionView[]>([]);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [generation, setGeneration] = useState(0);
  // "Today" moves at midnight: checked every minute and on each event from main, and a new day
  // loads the list again from its own start (yesterday's sessions leave the list).
  const [dayStart, setDayStart] = useState(() => startOfToday());
  useEffect(() => {
    const check = () => setDayStart(startOfToday());
    const timer = setInterval(check, DAY_CHECK_MS);
    const stops = [subscribe('status.changed', check), subscribe('session.updated', check)];
    return () => {
      clearInterval(timer);
      for (const stop of stops) stop();
    };
  }, []);
  useEffect(() => {
    let live = true;
    const pending: SessionView[] = [];
    let loaded = false;
    const stop = subscribe('session.updated', (s) => {
      if (!loaded) pending.push(s);
      else setSessions((list) => mergeSession(list, s));
    });
    call('sessions.list', { since: dayStart }).then(
      (list) => {
        if (!live) return;
        loaded = true;
        const sorted = [...list].sort((a, b) => b.created - a.created);
        setError(null);
        setSessions(pending.reduce(mergeSession, sorted));
      },
      (e: ErrorPayload) => {
        if (!live) return;
        loaded = true;
        setError(e);
        setSessions((list) => pending.reduce(mergeSession, list));
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, [generation, dayStart]);
  return {
    sessions,
    error,
    upsert: (s) => setSessions((list) => mergeSession(list, s)),
    refresh: () => setGeneration((g) => g + 1),
  };
}
