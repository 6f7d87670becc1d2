/** What the station knows of the hub it uses, as anyone may know it: never the token. */
import type { ErrorPayload } from '../../../contract/errors.ts';
import type { StationInfo } from '../../../contract/hub-api.ts';
import type { HubStatus } from '../../../contract/ipc.ts';

export interface HubInfo {
  host: string;
  station: StationInfo;
  /** Why the hub refuses this station (revoked), or null. */
  problem(): ErrorPayload | null;
}

/** What app.status and hub.connect say about the hub in use, or null while the backend is not a hub. */
export function hubStatusOf(hub: HubInfo | null): HubStatus | null {
  if (!hub) return null;
  return {
    host: hub.host,
    stationName: hub.station.name,
    store: hub.station.store,
    kind: hub.station.kind,
    problem: hub.problem(),
  };
}
