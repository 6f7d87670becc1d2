/**
 * Watching N active sessions: the watcher (one Events API request per tick) beside a naive
 * baseline that retrieves every active session every tick, measured in the same run against
 * the simulator over real HTTP.
 *
 * Figures per run: requests per minute sent to the API (counted by the simulator), and the time
 * from a status change on the server (the simulator's own timestamp) to the update reaching the
 * subscriber, p50 and p95.
 */
import { percentile } from './stats.ts';
import { createGateway, type Gateway } from '../main/core/stripe/index.ts';
import { createSessionFor } from '../test/support/core-parts.ts';
import { MemoryStore } from '../main/core/storage/index.ts';
import { createWatcher } from '../main/core/watcher/index.ts';
import { startSimulator } from '../main/simulator/index.ts';
import type { RunningSimulator } from '../main/simulator/index.ts';

export interface WatchRun {
  strategy: 'watcher' | 'naive';
  sessions: number;
  requestsPerMinute: number;
  p50Ms: number;
  p95Ms: number;
  samples: number;
}

const TICK_MS = 1000;

async function createActive(gateway: Gateway, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push(await createSessionFor(gateway, `Bench ${i}`));
  return ids;
}

/** Submits each session's hosted flow once, at random moments over the first part of the window. */
function scheduleSubmissions(sim: RunningSimulator, ids: string[], spreadMs: number): Promise<void> {
  return Promise.all(
    ids.map(
      (id) =>
        new Promise<void>((resolve) =>
          setTimeout(
            () =>
              void sim
                .submit(id, Math.random() < 0.8 ? 'verified' : 'document_expired')
                .then(() => resolve()),
            Math.random() * spreadMs,
          ),
        ),
    ),
  ).then(() => undefined);
}

async function oneRun(strategy: 'watcher' | 'naive', n: number, windowMs: number): Promise<WatchRun> {
  const sim = await startSimulator({ processingDelayMs: 1500 });
  const gateway = createGateway({
    apiKey: sim.secretKey,
    target: { host: sim.host, port: sim.port, protocol: sim.protocol },
    maxNetworkRetries: 0,
  });
  try {
    const ids = await createActive(gateway, n);
    const changedAt = new Map<string, number>();
    const latencies: number[] = [];
    sim.onStatusChange((id, status, at) => changedAt.set(`${id}:${status}`, at));
    const seen = (id: string, status: string) => {
      const at = changedAt.get(`${id}:${status}`);
      if (at !== undefined) {
        latencies.push(Date.now() - at);
        changedAt.delete(`${id}:${status}`);
      }
    };

    sim.resetStats();
    const startedAt = Date.now();
    let stop: () => void;
    if (strategy === 'watcher') {
      const watcher = createWatcher({ gateway, store: new MemoryStore(), fastIntervalMs: TICK_MS });
      watcher.subscribe((u) => seen(u.sessionId, u.status));
      // Every session stays "in the flow" for the whole window, as at a busy counter.
      for (const id of ids) watcher.track(id, { inFlow: true });
      watcher.start();
      stop = () => watcher.stop();
    } else {
      const last = new Map<string, string>(ids.map((id) => [id, 'requires_input']));
      let running = true;
      const loop = async () => {
        while (running) {
          const tickStart = Date.now();
          await Promise.all(
            [...last.keys()].map(async (id) => {
              const s = await gateway.retrieveSession(id);
              if (s.status !== last.get(id)) {
                last.set(id, s.status);
                seen(id, s.status);
              }
            }),
          );
          await new Promise((r) => setTimeout(r, Math.max(0, TICK_MS - (Date.now() - tickStart))));
        }
      };
      const done = loop();
      stop = () => {
        running = false;
        void done;
      };
    }
    await scheduleSubmissions(sim, ids, windowMs * 0.6);
    await new Promise((r) => setTimeout(r, Math.max(0, windowMs - (Date.now() - startedAt))));
    stop();
    const elapsedMin = (Date.now() - startedAt) / 60_000;
    return {
      strategy,
      sessions: n,
      requestsPerMinute: sim.stats().requests / elapsedMin,
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      samples: latencies.length,
    };
  } finally {
    await sim.close();
  }
}

/** Requests sent in a quiet period with nothing to watch (the target is zero). */
async function idleRequests(ms: number): Promise<number> {
  const sim = await startSimulator();
  try {
    const gateway = createGateway({
      apiKey: sim.secretKey,
      target: { host: sim.host, port: sim.port, protocol: sim.protocol },
    });
    const watcher = createWatcher({ gateway, store: new MemoryStore(), fastIntervalMs: TICK_MS });
    watcher.start();
    await new Promise((r) => setTimeout(r, ms));
    watcher.stop();
    return sim.stats().requests;
  } finally {
    await sim.close();
  }
}

export async function benchWatcher(windowMs = 20_000): Promise<string[]> {
  const lines = [
    `Watching active sessions (tick ${TICK_MS} ms, ${windowMs / 1000} s per run; target p50 ≤ 1200 ms, p95 ≤ 2500 ms, one request per tick)`,
    'strategy  sessions  requests/min  p50 ms  p95 ms  samples',
  ];
  for (const n of [1, 10, 50]) {
    for (const strategy of ['watcher', 'naive'] as const) {
      const r = await oneRun(strategy, n, windowMs);
      lines.push(
        `${r.strategy.padEnd(8)}  ${String(r.sessions).padStart(8)}  ${r.requestsPerMinute.toFixed(1).padStart(12)}  ${r.p50Ms
          .toFixed(0)
          .padStart(6)}  ${r.p95Ms.toFixed(0).padStart(6)}  ${String(r.samples).padStart(7)}`,
      );
    }
  }
  lines.push(`idle (nothing active, 5 s): ${await idleRequests(5000)} requests`);
  return lines;
}
