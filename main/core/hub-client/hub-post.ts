/**
 * One JSON POST from the station to its hub's own endpoints (the heartbeat, help calls), with
 * what the callers decide on: whether the hub took it, and whether it refuses this station for
 * good. A network failure or a timeout throws; each caller says what that means for it.
 */
import { hubEndpoint, type HubConnection } from './hub-credentials.ts';
import { refusesStation } from './hub-gateway.ts';

export interface HubPostAnswer {
  status: number;
  ok: boolean;
  /** 401 for a revoked or unknown station: asking again cannot help. */
  stationRefused: boolean;
}

const TIMEOUT_MS = 8000;

export async function postToHub(
  connection: HubConnection,
  path: string,
  body: unknown,
): Promise<HubPostAnswer> {
  const response = await fetch(hubEndpoint(connection.url, path), {
    method: 'POST',
    headers: { Authorization: `Bearer ${connection.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const json = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  return {
    status: response.status,
    ok: response.ok,
    stationRefused: refusesStation(response.status, json?.error?.code),
  };
}
