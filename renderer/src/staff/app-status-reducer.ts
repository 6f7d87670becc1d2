/**
 * What the windows know of app.status, as a pure reducer (unit-tested): the first fetch, then
 * every status.changed event. An event is newer than any answer still in flight, and it proves
 * main is answering, so it clears an earlier failure.
 */
import type { AppStatus, ErrorPayload } from '../../../contract/ipc.ts';

export interface AppStatusState {
  status: AppStatus | null;
  /** The first fetch failed and no event has come since. */
  error: ErrorPayload | null;
  /** An event has been seen: a late answer to the first fetch is older, and ignored. */
  fromEvent: boolean;
}

export type AppStatusAction =
  | { type: 'fetched'; status: AppStatus }
  | { type: 'fetch_failed'; error: ErrorPayload }
  | { type: 'event'; status: AppStatus };

export const INITIAL_APP_STATUS: AppStatusState = { status: null, error: null, fromEvent: false };

export function appStatusReducer(state: AppStatusState, action: AppStatusAction): AppStatusState {
  switch (action.type) {
    case 'event':
      return { status: action.status, error: null, fromEvent: true };
    case 'fetched':
      return state.fromEvent ? state : { ...state, status: action.status, error: null };
    case 'fetch_failed':
      // An event already told us where main is: a failed first fetch changes nothing.
      return state.fromEvent ? state : { ...state, error: action.error };
  }
}
