/**
 * The one rule of who sees a session, written once: a station sees its own sessions, and its
 * store's when the admin lets it share its store. The session endpoints (sessions-routes.ts),
 * the stream's replay and its live fan-out (stream.ts) all ask this function, so the rule cannot
 * drift between them.
 */
import type { Station } from './stations.ts';

/** Whose a session is: the station that made it and that station's store. */
export interface SessionOwner {
  stationId: string | null | undefined;
  store: string | null | undefined;
}

export function stationSees(
  station: Pick<Station, 'id' | 'store' | 'shareStore'>,
  owner: SessionOwner,
): boolean {
  if (owner.stationId === station.id) return true;
  return (
    station.shareStore && owner.store !== undefined && owner.store !== null && owner.store === station.store
  );
}
