/**
 * The fleet picture's calls (dashboard, session lists, alerts), through api.ts's own answer and
 * CSRF-carrying post; the CSV export is a plain link (`csvUrl`), which the admin cookie follows.
 */
import type { AlertSettings, AlertsView, Dashboard, SessionList } from '../../src/dashboard-types.ts';
import { answer, post } from './api.ts';

export interface ListFilter {
  q?: string;
  outcome?: string;
  code?: string;
  from?: string;
  to?: string;
}

const get = async <T>(path: string): Promise<T> =>
  answer<T>(await fetch(path, { credentials: 'same-origin' }));

const query = (params: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
};

const storePath = (store: string) => `/fleet/api/stores/${encodeURIComponent(store)}`;

export const pictureApi = {
  dashboard: (from: string, to: string, store: string | null) =>
    get<Dashboard>(`/fleet/api/dashboard?${query({ from, to, store: store ?? undefined })}`),
  sessions: (store: string, filter: ListFilter, before: string | null) =>
    get<SessionList>(`${storePath(store)}/sessions?${query({ ...filter, before: before ?? undefined })}`),
  csvUrl: (store: string, filter: ListFilter, lang: string) =>
    `${storePath(store)}/sessions.csv?${query({ ...filter, lang })}`,
  alerts: () => get<AlertsView>('/fleet/api/alerts'),
  saveAlertSettings: (settings: AlertSettings) => post<AlertSettings>('/fleet/api/alerts/settings', settings),
};
