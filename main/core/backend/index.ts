/** The backend room's door: what the rest of the app may use of it. */
export { createBackendHost, type BackendHost } from './backend-host.ts';
export type { Backend, LocalApi } from './backend.ts';
export { RECHECK_DELAYS_MS } from './reconcile.ts';
