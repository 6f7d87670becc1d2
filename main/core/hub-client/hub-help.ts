/**
 * A kiosk customer's call for help, told to the hub so the fleet page shows it (issue 9: "later
 * also sent to the fleet hub"). A new call is kept first (in the hub backend's own small store,
 * so it outlasts a restart) and sent at once; what the hub has not answered with a 2xx stays
 * kept and is sent again with the next heartbeat, the next stream connect, or when the station
 * is online again. Each call carries an id of its own, made once: the hub keeps one call per
 * station and id, so a resend after a lost answer is never a second call.
 *
 * Sends are one at a time, oldest first; a send asked for while one runs runs after it (no
 * call is posted twice at once).
 */
import { randomBytes } from 'node:crypto';
import { helpCallSchema, HUB_PATHS, type HelpCall } from '../../../contract/hub-api.ts';
import type { HubConnection } from './hub-credentials.ts';
import type { Revocation } from './hub-gateway.ts';
import { postToHub } from './hub-post.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KeyValueStore } from '../storage/index.ts';

/** Where the calls the hub has not confirmed are kept, beside the watcher's state. */
export const HELP_CALLS_KEY = 'hubHelpCalls';
/** Kept calls beyond this many are the oldest and dropped (a station offline for weeks). */
export const HELP_CALLS_KEPT_MAX = 100;

export interface HubHelpCalls {
  /** A new call (not a repeated press): kept, and sent now. */
  report(call: { at: number; sessionId: string | null }): void;
  /** Sends what is kept; resolves when this send, and any it waited for, is over. */
  flush(): Promise<void>;
  /** Calls the hub has not confirmed yet. */
  pending(): number;
}

export interface HubHelpCallsOptions {
  connection: HubConnection;
  store: KeyValueStore;
  logger: Logger;
  revocation: Revocation;
}

const newCallId = (): string => `help_${randomBytes(12).toString('base64url')}`;

function keptCalls(store: KeyValueStore): HelpCall[] {
  const value = store.get(HELP_CALLS_KEY);
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const parsed = helpCallSchema.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/** What one send came to: the hub has it, refuses it for good, or it must wait. */
type Outcome = 'done' | 'refused' | 'later';

export function createHubHelpCalls(o: HubHelpCallsOptions): HubHelpCalls {
  const { connection, store, logger } = o;
  const keep = (calls: HelpCall[]) => store.set(HELP_CALLS_KEY, calls.slice(-HELP_CALLS_KEPT_MAX));
  const forget = (id: string) => keep(keptCalls(store).filter((c) => c.id !== id));

  const send = async (call: HelpCall): Promise<Outcome> => {
    try {
      const answer = await postToHub(connection, HUB_PATHS.helpCalls, call);
      if (answer.ok) return 'done';
      if (answer.stationRefused) {
        o.revocation.mark();
        return 'later'; // kept: a revoked station's calls stay, like its queued creations
      }
      // The hub says this call can never be taken (it does not parse there): keeping it would
      // block every later call behind it.
      if (answer.status === 400) return 'refused';
      return 'later'; // 429, 5xx: the hub is there but busy
    } catch {
      return 'later'; // unreachable: the next heartbeat or connect sends it
    }
  };

  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      for (const call of keptCalls(store)) {
        if (o.revocation.revoked()) return;
        const outcome = await send(call);
        if (outcome === 'later') return;
        if (outcome === 'refused') logger.warn('hub: a help call was refused as invalid', { id: call.id });
        forget(call.id);
      }
    } while (again);
  };
  const flush = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = run()
      .catch(() => logger.warn('hub: the help calls kept could not be updated'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    report({ at, sessionId }) {
      const call = helpCallSchema.parse({
        id: newCallId(),
        at,
        // Only a Stripe session id goes to the hub; anything else on screen is left out.
        ...(sessionId && helpCallSchema.shape.sessionId.safeParse(sessionId).success ? { sessionId } : {}),
      });
      try {
        keep([...keptCalls(store), call]);
      } catch {
        // The store cannot be written: the call is at least sent now, once, without a resend.
        logger.warn('hub: a help call could not be kept; sending it once', { id: call.id });
        void send(call);
        return;
      }
      void flush();
    },
    flush,
    pending: () => keptCalls(store).length,
  };
}
