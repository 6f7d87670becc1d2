/** The watcher room's door: what the rest of the app may use of it. */
export { EVENTS_RETENTION_MS } from './watcher-events.ts';
export { createWatcher, type SessionUpdate, type Watcher } from './watcher.ts';
