/**
 * The app's parts as tests run them on their own. The reachability source for tests that run an outbox or a watcher on their own: it asks
 * the gateway (a real request to the simulator) while offline, like the app core does.
 */
import { createConnectivity, type Connectivity, type Gateway } from '../../main/core/stripe/index.ts';
import { systemClock, type Clock } from '../../base/clock.ts';
import { checkStartInput } from '../../contract/start-input.ts';
import {
  buildCreateParams,
  idempotencyKeyFor,
  newClientReferenceId,
} from '../../main/core/sessions/index.ts';

export function connectivityFor(
  gateway: Gateway,
  options: { clock?: Clock; probeMinMs?: number } = {},
): Connectivity {
  const connectivity = createConnectivity({
    clock: options.clock ?? systemClock,
    probeMinMs: options.probeMinMs ?? 100,
    probeMaxMs: 1000,
  });
  connectivity.setProbe(() => gateway.ping());
  return connectivity;
}

/** Creates a session the way the app does (checked input, fresh reference, Idempotency-Key). */
export async function createSessionFor(gateway: Gateway, reference: string): Promise<string> {
  const clientReferenceId = newClientReferenceId();
  const params = buildCreateParams(checkStartInput({ type: 'document', reference }), { clientReferenceId });
  return (await gateway.createSession(params, idempotencyKeyFor(clientReferenceId))).id;
}
