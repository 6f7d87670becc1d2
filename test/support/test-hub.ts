/**
 * A real Countersign Hub for the station's tests: the hub server (`hub/`) in this process on
 * PGlite, the embedded simulator playing Stripe with a signed webhook endpoint pointing at the
 * hub, and in front of the hub a TCP pass-through that a test can cut and restore — the hub
 * becomes unreachable for the station exactly as behind a broken network, while it keeps running
 * and keeps receiving Stripe's webhooks.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { StationKind } from '../../contract/hub-api.ts';
import type { Db } from '../../hub/src/db.ts';
import type { HubOptions, RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator, SimulatorOptions } from '../../main/simulator/index.ts';
import { connectWebhooks, openPglite, startStripe, startTestHub } from './hub.ts';

export interface TestHub {
  hub: RunningHub;
  /** The hub's database (tests read what the fleet page would show). */
  db: Db;
  /** Stripe, as the hub sees it. */
  stripe: RunningSimulator;
  /** The address stations use: through the pass-through. */
  url: string;
  /** A one-time enrollment code, as the fleet page makes it. */
  code(name?: string, store?: string, kind?: StationKind): Promise<string>;
  /** The network between station and hub breaks: open connections reset, new ones refused. */
  cut(): void;
  restore(): void;
  /** Connections the pass-through accepted while cut (each was refused at once). */
  refusedWhileCut(): number;
  /** Every HTTP request line a station sent through the pass-through ("GET /hub/v1/stream"). */
  requests(): readonly string[];
  close(): Promise<void>;
}

/** The hub's own test factory (test/support/hub.ts), with a pass-through a test can cut. */
export async function startStationHub(
  options: { stripe?: SimulatorOptions; hub?: Partial<HubOptions> } = {},
): Promise<TestHub> {
  // 150 ms of processing: the console shows "checking" before the result, as at a real counter.
  const stripe = await startStripe({ processingDelayMs: 150, ...options.stripe });
  const db = await openPglite();
  // Plain-http cookies: the harness and tests talk to the hub without TLS.
  const hub = await startTestHub(stripe, db, { secureCookies: false, ...options.hub });
  await connectWebhooks(stripe, hub);

  const proxy = await startPassThrough(hub.port);
  return {
    hub,
    db,
    stripe,
    url: `http://127.0.0.1:${proxy.port}`,
    code: async (name = 'Counter 1', store = 'Store 7', kind = 'counter') =>
      (await hub.stations.createCode({ name, store, kind })).code,
    cut: proxy.cut,
    restore: proxy.restore,
    refusedWhileCut: proxy.refused,
    requests: proxy.requests,
    close: async () => {
      await proxy.close();
      await hub.close();
      await stripe.close();
    },
  };
}

async function startPassThrough(targetPort: number) {
  const sockets = new Set<Socket>();
  let cut = false;
  let refused = 0;
  const requests: string[] = [];
  const server: Server = createServer((client) => {
    if (cut) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    // Request lines, read as they pass (a station's bodies are small forms and JSON).
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/^(GET|POST|DELETE) (\S+) HTTP\/1\.1\r$/gm)) {
        requests.push(`${m[1]} ${m[2]!.split('?')[0]}`);
      }
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () => {
      cut = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore: () => {
      cut = false;
    },
    refused: () => refused,
    requests: () => requests,
    close: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      }),
  };
}
