/**
 * What a hub backend runs beside the usual parts: the stream of this station's session changes,
 * fed into the watcher's one apply-an-update path (`watcher.ingest`, the same code that handles
 * an Events API event), the last handled seq persisted in the watcher's store, a heartbeat
 * that tells the hub's fleet page this station is there and what it holds, and a kiosk's calls
 * for help (hub-help.ts), resent with each heartbeat and stream connect until the hub has them,
 * and the audit trail (hub-audit.ts), sent at start, with each heartbeat and stream connect.
 */
import {
  heartbeatSchema,
  HUB_PATHS,
  type StationError,
  type StreamMessage,
} from '../../../contract/hub-api.ts';
import type { EffectivePolicy } from '../../../contract/policy.ts';
import type { HubRoster } from '../../../contract/hub-staff.ts';
import type { AuditEntry } from '../../../contract/staff.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Connectivity, VerificationSession } from '../stripe/index.ts';
import type { HubConnection } from './hub-credentials.ts';
import type { Revocation } from './hub-gateway.ts';
import { createHubAuditUpload, type HubAuditUpload } from './hub-audit.ts';
import { createHubHelpCalls, type HubHelpCalls } from './hub-help.ts';
import { postToHub } from './hub-post.ts';
import { openHubStream, type HubStream, type HubStreamOptions } from './hub-stream.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KeyValueStore } from '../storage/index.ts';
import type { Watcher } from '../watcher/index.ts';

/** Where the last handled seq is kept, beside the watcher's own state. */
export const HUB_SEQ_KEY = 'hubSeq';
export const HEARTBEAT_INTERVAL_MS = 30_000;

export interface HubLinkOptions {
  connection: HubConnection;
  watcher: Watcher;
  store: KeyValueStore;
  clock: Clock;
  logger: Logger;
  connectivity: Connectivity;
  revocation: Revocation;
  /** What the heartbeat reports. */
  counts(): { queued: number; active: number; lastError?: StationError | null };
  appVersion: string;
  /** The fleet's policy for this station, as the hub sends it (first on each connection). */
  onPolicy?(policy: EffectivePolicy): void;
  /** The store's staff roster from the fleet page, as the hub sends it. */
  onRoster?(roster: HubRoster): void;
  /** Whether the hub's sessions are live or test ones, as each message says. */
  onLivemode?(live: boolean): void;
  heartbeatIntervalMs?: number;
  /** The audit trail's entries after `seq`, oldest first: uploaded to the hub when given. */
  auditEntriesAfter?(seq: number): readonly AuditEntry[];
  /** Stream tuning (tests shorten the backoff). */
  stream?: Pick<HubStreamOptions, 'backoff' | 'idleTimeoutMs' | 'random'>;
}

export interface HubLink {
  stream: HubStream;
  /** A kiosk's calls for help on their way to the hub. */
  helpCalls: HubHelpCalls;
  /** The audit trail on its way to the hub (null when no trail was given). */
  audit: HubAuditUpload | null;
  /** Sends one heartbeat now (tests; the timer sends the rest). */
  heartbeat(): Promise<void>;
  stop(): Promise<void>;
}

/** A stream message's session as the watcher reads a Stripe session (facts only). */
export function sessionOfMessage(message: StreamMessage): VerificationSession {
  const redacted = message.type === 'identity.verification_session.redacted';
  return {
    ...message.session,
    redaction: redacted ? { status: 'redacted' } : null,
  } as unknown as VerificationSession;
}

export function startHubLink(o: HubLinkOptions): HubLink {
  const { connection, clock, logger } = o;
  const readSeq = (): number | null => {
    const value = o.store.get(HUB_SEQ_KEY);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
  };
  let seq = readSeq();
  const helpCalls = createHubHelpCalls({ connection, store: o.store, logger, revocation: o.revocation });
  const audit = o.auditEntriesAfter
    ? createHubAuditUpload({
        connection,
        store: o.store,
        entriesAfter: o.auditEntriesAfter,
        clock,
        logger,
        revocation: o.revocation,
      })
    : null;
  const flushAll = () => {
    void helpCalls.flush();
    void audit?.flush();
  };

  const stream = openHubStream({
    url: connection.url,
    token: connection.token,
    clock,
    logger,
    ...o.stream,
    lastSeq: () => seq,
    onPolicy: (policy) => o.onPolicy?.(policy),
    onRoster: (roster) => o.onRoster?.(roster),
    onMessage: (message) => {
      o.onLivemode?.(message.session.livemode);
      const ok = o.watcher.ingest(sessionOfMessage(message), message.type, `hub:${message.seq}`, clock.now());
      if (!ok) return false;
      try {
        o.store.set(HUB_SEQ_KEY, message.seq);
      } catch {
        // The update is applied; only the position is not saved. A restart replays from the
        // last saved seq, and the watcher applies a replay idempotently.
      }
      seq = message.seq;
      return true;
    },
    onState: (state, failures) => {
      if (state === 'connected') {
        o.connectivity.report(true);
        flushAll(); // the hub answers again: what it missed goes now
      }
      // One dropped stream is not "offline" (a hub instance restarting, a load balancer moving
      // it): only when reconnecting fails too.
      else if (state === 'disconnected' && failures >= 2) o.connectivity.report(false);
      else if (state === 'revoked') o.revocation.mark();
    },
  });
  // The probe (a ping to the hub) found it again: reconnect at once instead of after the pause.
  const stopFollowing = o.connectivity.onChange((online) => {
    if (online) {
      stream.nudge();
      flushAll();
    }
  });

  const heartbeat = async () => {
    if (o.revocation.revoked()) return;
    const body = heartbeatSchema.parse({ ...o.counts(), appVersion: o.appVersion.slice(0, 64) });
    try {
      const answer = await postToHub(connection, HUB_PATHS.heartbeat, body);
      if (answer.stationRefused) o.revocation.mark();
    } catch {
      // A missed heartbeat only makes the fleet page show this station as offline for a while.
    }
  };
  let timer: unknown = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      void heartbeat()
        .then(() => Promise.all([helpCalls.flush(), audit?.flush()]))
        .finally(schedule);
    }, o.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
  };
  void heartbeat();
  void audit?.flush();
  schedule();

  return {
    stream,
    helpCalls,
    audit,
    heartbeat,
    async stop() {
      stopped = true;
      audit?.stop();
      if (timer !== null) clock.clearTimeout(timer);
      stopFollowing();
      await stream.stop();
    },
  };
}
