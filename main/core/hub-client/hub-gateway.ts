/**
 * The gateway as a hub backend uses it: the same Stripe SDK gateway pointed at the hub (which is
 * Stripe-compatible for sessions), with the hub's own answers told apart from Stripe's:
 * - a 401 whose code says the station was revoked (or its token is unknown) becomes
 *   `hub_station_revoked`, and from then on every call fails the same way without a request:
 *   a revoked station stops asking, and its outbox keeps what it queued;
 * - no connection reads "cannot reach the hub", with the code (`stripe_connection`) kept, since
 *   the outbox and the watcher pace their retries on it.
 */
import { CountersignError, isCountersignError } from '../../../contract/errors.ts';
import type { HubErrorCode } from '../../../contract/hub-api.ts';
import type { Gateway } from '../stripe/index.ts';
import { hubRevokedError, HUB_UNREACHABLE_MESSAGE } from './hub-credentials.ts';

const REFUSED_STATION: ReadonlySet<string> = new Set<HubErrorCode>([
  'station_revoked',
  'invalid_station_token',
]);

/** A hub's 401 with one of these codes: this station is revoked or unknown, for good. */
export function refusesStation(status: number, code: string | undefined): boolean {
  return status === 401 && REFUSED_STATION.has(String(code));
}

export interface Revocation {
  revoked(): boolean;
  /** The hub refused this station (first time only matters). */
  mark(): void;
}

export function createRevocation(onRevoked: () => void): Revocation {
  let revoked = false;
  return {
    revoked: () => revoked,
    mark() {
      if (revoked) return;
      revoked = true;
      onRevoked();
    },
  };
}

export function isStationRefusal(error: unknown): boolean {
  return (
    isCountersignError(error) &&
    error.code === 'stripe_authentication' &&
    REFUSED_STATION.has(String(error.detail.stripeCode))
  );
}

export function hubGateway(inner: Gateway, host: string, revocation: Revocation): Gateway {
  const guard = async <T>(request: () => Promise<T>): Promise<T> => {
    if (revocation.revoked()) throw hubRevokedError();
    try {
      return await request();
    } catch (error) {
      if (isStationRefusal(error)) {
        revocation.mark();
        throw hubRevokedError();
      }
      if (isCountersignError(error) && error.code === 'stripe_connection') {
        throw new CountersignError('stripe_connection', HUB_UNREACHABLE_MESSAGE(host), {
          retryable: true,
          detail: { ...error.detail },
          text: { id: 'hub_unreachable', params: { host } },
          cause: error,
        });
      }
      throw error;
    }
  };
  return {
    createSession: (params, key) => guard(() => inner.createSession(params, key)),
    retrieveSession: (id, expand) => guard(() => inner.retrieveSession(id, expand)),
    cancelSession: (id) => guard(() => inner.cancelSession(id)),
    redactSession: (id) => guard(() => inner.redactSession(id)),
    findSessionsByReference: (ref, limit) => guard(() => inner.findSessionsByReference(ref, limit)),
    listEvents: (params) => guard(() => inner.listEvents(params)),
    ping: () => guard(() => inner.ping()),
  };
}
