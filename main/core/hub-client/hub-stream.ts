/**
 * The hub's stream of this station's session changes (`GET /hub/v1/stream`, Server-Sent Events),
 * held open for as long as the hub backend is in use. It replaces the Events API polling: one
 * connection per station, and the hub pushes each change as it happens.
 *
 * Nothing is missed: every message carries a fleet-wide increasing `seq`; the caller persists
 * the last seq it handled (only once it has handled it), and every (re)connection sends it as
 * `Last-Event-ID`, so the hub replays whatever came after — across a dropped connection, a hub
 * instance that went away, or a restart of the app. A message at or below that seq (a replay
 * that overlaps) is skipped.
 *
 * Reconnecting backs off (with jitter, up to a minute) while the hub cannot be reached; a stream
 * that stays silent past three keep-alive periods is taken for dead and reopened. A 401 from the
 * hub (the station was revoked, or the token is unknown) ends the stream for good: asking again
 * cannot help, so the client says so once and stops.
 */
import {
  hubErrorSchema,
  HUB_PATHS,
  STREAM_EVENT,
  STREAM_KEEPALIVE_MS,
  streamMessageSchema,
} from '../../../contract/hub-api.ts';
import type { StreamMessage } from '../../../contract/hub-api.ts';
import { effectivePolicySchema, POLICY_EVENT, type EffectivePolicy } from '../../../contract/policy.ts';
import type { z } from 'zod';
import { hubRosterSchema, STAFF_ROSTER_EVENT, type HubRoster } from '../../../contract/hub-staff.ts';
import { backoffDelay, type BackoffPolicy } from '../../../base/backoff.ts';
import { systemClock, type Clock } from '../../../base/clock.ts';
import { hubEndpoint } from './hub-credentials.ts';
import { createSseParser } from './hub-sse.ts';
import type { Logger } from '../../../base/logger.ts';

export type HubStreamState = 'connecting' | 'connected' | 'disconnected' | 'revoked' | 'stopped';

export interface HubStreamOptions {
  url: string;
  token: string;
  /** The last seq handled (persisted by the caller), or null before the first message. */
  lastSeq(): number | null;
  /**
   * Handles one message. true once it is handled for good (and its seq persisted); false makes
   * the client reconnect from the last handled seq, so the message comes again.
   */
  onMessage(message: StreamMessage): boolean;
  /** The station's policy (`event: policy`): first on every connection, then on each change. */
  onPolicy?(policy: EffectivePolicy): void;
  /** The store's staff roster (`event: staff`): on each connection once it has one, then on each change. */
  onRoster?(roster: HubRoster): void;
  /** `failures`: connections in a row that ended or failed since the last good one. */
  onState?(state: HubStreamState, failures: number): void;
  logger?: Logger;
  clock?: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** A stream silent this long is reopened; default three keep-alive periods. */
  idleTimeoutMs?: number;
  /** The HTTP transport; default the global fetch. */
  fetch?: typeof fetch;
}

export interface HubStreamStats {
  connections: number;
  messages: number;
  skipped: number;
}

export interface HubStream {
  state(): HubStreamState;
  stats(): HubStreamStats;
  /** Reconnect now (the network came back), skipping what is left of a backoff pause. */
  nudge(): void;
  stop(): Promise<void>;
}

export function openHubStream(options: HubStreamOptions): HubStream {
  const clock = options.clock ?? systemClock;
  const policy = options.backoff ?? { baseMs: 500, maxMs: 60_000 };
  const idleMs = options.idleTimeoutMs ?? STREAM_KEEPALIVE_MS * 3;
  const stats: HubStreamStats = { connections: 0, messages: 0, skipped: 0 };
  let state: HubStreamState = 'connecting';
  let failures = 0;
  let stopped = false;
  let abort: AbortController | null = null;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let pause: { timer: unknown; resolve: () => void } | null = null;

  const setState = (next: HubStreamState) => {
    if (state === next && next !== 'disconnected') return;
    state = next;
    options.onState?.(next, failures);
  };

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        pause = null;
        resolve();
      }, ms);
      pause = { timer, resolve };
    });

  /**
   * Ends the connection in hand. Aborting the fetch alone is not enough: once the response has
   * arrived, undici (Node 20) may go on serving chunks it had queued and then leave a pending
   * read unanswered for good, so stopping would wait forever. Cancelling the reader ends that
   * read at once.
   */
  const hangUp = () => {
    abort?.abort();
    void reader?.cancel().catch(() => undefined);
  };

  /** One connection, read until it ends. Returns 'revoked' when the hub refuses the token. */
  const connectOnce = async (): Promise<'revoked' | 'ended'> => {
    abort = new AbortController();
    const signal = abort.signal;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.token}`,
      Accept: 'text/event-stream',
      'Cache-Control': 'no-store',
    };
    const last = options.lastSeq();
    if (last !== null) headers['Last-Event-ID'] = String(last);
    let idleTimer: unknown = null;
    const armIdle = () => {
      if (idleTimer !== null) clock.clearTimeout(idleTimer);
      idleTimer = clock.setTimeout(hangUp, idleMs);
    };
    try {
      armIdle();
      const response = await (options.fetch ?? fetch)(hubEndpoint(options.url, HUB_PATHS.stream), {
        headers,
        signal,
        redirect: 'error',
      });
      if (response.status === 401 || response.status === 403) {
        const body = hubErrorSchema.safeParse(await response.json().catch(() => null));
        options.logger?.warn('hub stream: the hub refused this station', {
          status: response.status,
          code: body.success ? body.data.error.code : undefined,
        });
        return 'revoked';
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        options.logger?.warn('hub stream: refused', { status: response.status });
        return 'ended';
      }
      stats.connections += 1;
      failures = 0;
      setState('connected');
      const parser = createSseParser();
      const decoder = new TextDecoder();
      const body = response.body.getReader();
      reader = body;
      for (;;) {
        const { done, value } = await body.read();
        if (done || stopped) break;
        armIdle();
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (message.event === POLICY_EVENT) {
            takePolicy(message.data);
            continue;
          }
          if (message.event === STAFF_ROSTER_EVENT) {
            takeRoster(message.data);
            continue;
          }
          if (message.event !== STREAM_EVENT) continue;
          if (!handle(message.data)) {
            await body.cancel().catch(() => undefined);
            return 'ended';
          }
        }
      }
      return 'ended';
    } catch (error) {
      if (!stopped) {
        options.logger?.warn('hub stream: connection lost', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
      return 'ended';
    } finally {
      if (idleTimer !== null) clock.clearTimeout(idleTimer);
      abort = null;
      reader = null;
    }
  };

  /** A message of another kind than a change, checked with its schema; one of another shape is skipped. */
  const take =
    <T>(schema: z.ZodType<T>, what: string, deliver: (value: T) => void) =>
    (data: string) => {
      let parsed;
      try {
        parsed = schema.safeParse(JSON.parse(data));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        options.logger?.warn(`hub stream: a ${what} of another shape was skipped`);
        return;
      }
      deliver(parsed.data);
    };
  const takePolicy = take(effectivePolicySchema, 'policy', (p) => options.onPolicy?.(p));
  const takeRoster = take(hubRosterSchema, 'staff roster', (r) => options.onRoster?.(r));

  /** false: the message could not be handled; reconnect from the last handled seq. */
  const handle = (data: string): boolean => {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      options.logger?.warn('hub stream: a message that is not JSON was skipped');
      return true;
    }
    const parsed = streamMessageSchema.safeParse(json);
    if (!parsed.success) {
      options.logger?.warn('hub stream: a message of another shape was skipped');
      return true;
    }
    const last = options.lastSeq();
    if (last !== null && parsed.data.seq <= last) {
      stats.skipped += 1;
      return true;
    }
    if (!options.onMessage(parsed.data)) return false;
    stats.messages += 1;
    return true;
  };

  const loop = async () => {
    while (!stopped) {
      const outcome = await connectOnce();
      if (stopped) break;
      if (outcome === 'revoked') {
        setState('revoked');
        return;
      }
      failures += 1;
      setState('disconnected');
      await wait(backoffDelay(failures, policy, options.random));
    }
  };
  const running = loop();

  return {
    state: () => state,
    stats: () => ({ ...stats }),
    nudge() {
      if (!pause) return;
      clock.clearTimeout(pause.timer);
      const { resolve } = pause;
      pause = null;
      resolve();
    },
    async stop() {
      stopped = true;
      hangUp();
      if (pause) {
        clock.clearTimeout(pause.timer);
        pause.resolve();
        pause = null;
      }
      await running;
      if (state !== 'revoked') setState('stopped');
    },
  };
}
