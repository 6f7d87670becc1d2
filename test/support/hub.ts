/**
 * What the hub's tests share: the simulator as Stripe (with a webhook endpoint per hub
 * instance, or one shared), hub instances on PGlite or on a private PostgreSQL, stations
 * enrolled through the admin's code, a station's stripe SDK pointed at the hub, and an SSE
 * client that records every message and wakes waiters on each (no polling, no sleeps).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { createJsonLogger, type LogLevel, type Logger } from '../../base/logger.ts';
import { streamMessageSchema, type StationKind, type StreamMessage } from '../../contract/hub-api.ts';
import { effectivePolicySchema, type EffectivePolicy } from '../../contract/policy.ts';
import { hubRosterSchema, type HubRoster } from '../../contract/hub-staff.ts';
import { STRIPE_API_VERSION } from '../../contract/stripe-api-version.ts';
import { openPglite as openNewPglite, openPostgres, type Db } from '../../hub/src/db.ts';
import { migrate } from '../../hub/src/migrations.ts';
import { startHub, type HubOptions, type RunningHub } from '../../hub/src/server.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';

export const sdkFor = (baseUrl: string, apiKey: string): Stripe => {
  const u = new URL(baseUrl);
  return new Stripe(apiKey, {
    apiVersion: STRIPE_API_VERSION,
    host: u.hostname,
    port: Number(u.port),
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
};

export async function startStripe(
  options: Parameters<typeof startSimulator>[0] = {},
): Promise<RunningSimulator> {
  return startSimulator({ processingDelayMs: 20, webhookRetryBaseMs: 50, ...options });
}

/** Registers a webhook endpoint on the simulator for `url`; returns its signing secret. */
export async function webhookEndpoint(sim: RunningSimulator, url: string): Promise<string> {
  const stripe = sdkFor(sim.url, sim.secretKey);
  const endpoint = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] });
  return endpoint.secret ?? '';
}

export const WEBHOOK_SECRET_UNSET = 'whsec_unset';

/** A hub on `db` using `sim` as Stripe; its webhook secret is set by `connectWebhooks`. */
export async function startTestHub(
  sim: RunningSimulator,
  db: Db,
  options: Partial<HubOptions> = {},
): Promise<RunningHub> {
  return startHub({
    db,
    stripeSecretKey: sim.secretKey,
    stripeTarget: { host: sim.host, port: sim.port, protocol: 'http' },
    webhookSecret: WEBHOOK_SECRET_UNSET,
    adminPassword: 'correct-horse-battery',
    secureCookies: true,
    ...options,
  });
}

/** Points the simulator's webhooks at `hub` (one endpoint, its own secret). */
export async function connectWebhooks(sim: RunningSimulator, hub: RunningHub): Promise<string> {
  const secret = await webhookEndpoint(sim, `${hub.url}/stripe/webhook`);
  hub.setWebhookSecret(secret);
  return secret;
}

export { openPostgres };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * PGlite in memory with the hub's schema already migrated. A new PGlite cluster costs about
 * three seconds of CPU (initdb in WebAssembly); starting from a dump of one costs under one. The
 * dump is made once and kept in node_modules/.cache, named by the migrations' and PGlite's own
 * text, so a new migration or PGlite version makes a new one. The hub still runs its migrations
 * on start: on the template they find nothing to do.
 */
export async function openPglite(): Promise<Db> {
  return openNewPglite(undefined, await migratedTemplate());
}

async function migratedTemplate(): Promise<Blob> {
  const pglite = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  const key = createHash('sha256')
    .update(readFileSync(join(ROOT, 'hub/src/migrations.ts')))
    .update(pglite.version)
    .digest('hex')
    .slice(0, 16);
  const dir = join(ROOT, 'node_modules/.cache/countersign-pglite');
  const file = join(dir, `migrated-${key}.tar.gz`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet: make it (two test files at once may both do so; the rename is atomic).
  }
  const db = await openNewPglite();
  try {
    await migrate(db);
    const dump = await db.dump!();
    const bytes = Buffer.from(await dump.arrayBuffer());
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
    return new Blob([bytes]);
  } finally {
    await db.close();
  }
}

/** The two storage backends every storage-level test runs on. */
export function backends(pgUrl: () => string | null): Array<{ name: string; open: () => Promise<Db> }> {
  return [
    { name: 'PGlite', open: () => openPglite() },
    {
      name: 'PostgreSQL',
      open: () => {
        const url = pgUrl();
        if (!url) throw new Error('PostgreSQL is not running');
        return openPostgres(url);
      },
    },
  ];
}

export interface Enrolled {
  token: string;
  id: string;
  store: string;
  sdk: (hub: RunningHub) => Stripe;
}

export async function enroll(
  hub: RunningHub,
  store: string,
  name: string,
  kind: StationKind = 'counter',
): Promise<Enrolled> {
  const { code } = await hub.stations.createCode({ store, name, kind });
  const res = await fetch(`${hub.url}/hub/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, appVersion: 'test' }),
  });
  if (res.status !== 200) throw new Error(`enroll: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string; station: { id: string; store: string } };
  return {
    token: body.token,
    id: body.station.id,
    store: body.station.store,
    sdk: (h) => sdkFor(h.url, body.token),
  };
}

/** Creates a session as the station's gateway does (reference + Idempotency-Key). */
export function createSession(sdk: Stripe, reference: string) {
  return sdk.identity.verificationSessions.create(
    { type: 'document', client_reference_id: reference },
    { idempotencyKey: `create-${reference}` },
  );
}

/** A station's SSE stream: every message parsed with the contract's schema. */
export class StreamClient {
  readonly messages: StreamMessage[] = [];
  /** The station's policy messages (`event: policy`), in order. */
  readonly policies: EffectivePolicy[] = [];
  /** Its store's staff rosters (`event: staff`), in order. */
  readonly rosters: HubRoster[] = [];
  keepAlives = 0;
  status = 0;
  ended = false;
  #waiters = new Set<() => void>();
  #req: ClientRequest | null = null;
  #res: IncomingMessage | null = null;

  static async open(baseUrl: string, token: string, lastEventId?: number): Promise<StreamClient> {
    const c = new StreamClient();
    await c.#connect(baseUrl, token, lastEventId);
    return c;
  }

  #wake(): void {
    for (const w of this.#waiters) w();
  }

  #connect(baseUrl: string, token: string, lastEventId?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
      };
      if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
      const req = request(`${baseUrl}/hub/v1/stream`, { headers }, (res) => {
        this.#res = res;
        this.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.startsWith(': keep-alive')) this.keepAlives++;
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            const id = /^id: (\d+)$/m.exec(block)?.[1];
            if (data && /^event: policy$/m.test(block)) {
              this.policies.push(effectivePolicySchema.parse(JSON.parse(data)));
            } else if (data && /^event: staff$/m.test(block)) {
              this.rosters.push(hubRosterSchema.parse(JSON.parse(data)));
            } else if (data) {
              const message = streamMessageSchema.parse(JSON.parse(data));
              if (String(message.seq) !== id)
                throw new Error(`stream: id ${id} and seq ${message.seq} differ`);
              this.messages.push(message);
            }
          }
          this.#wake();
        });
        const done = () => {
          this.ended = true;
          this.#wake();
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
        resolve();
      });
      req.on('error', (error) => {
        this.ended = true;
        this.#wake();
        reject(error);
      });
      req.end();
      this.#req = req;
    });
  }

  get lastSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  /** Statuses received for one session, in order. */
  statusesOf(sessionId: string): string[] {
    return this.messages.filter((m) => m.session.id === sessionId).map((m) => m.session.status);
  }

  /** Resolves once `check()` holds, re-checked on every message (no polling). */
  async until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(
          new Error(
            `stream: ${what} did not happen in ${timeoutMs} ms (got ${this.messages.length} messages)`,
          ),
        );
      }, timeoutMs);
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      this.#waiters.add(wake);
    });
  }

  close(): void {
    this.#res?.destroy();
    this.#req?.destroy();
  }
}

/** Resolves once `check` holds; re-checks on each of the simulator's status changes and webhook attempts. */
export async function untilSim(
  sim: RunningSimulator,
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  if (await check()) return;
  await new Promise<void>((resolve, reject) => {
    let busy = false;
    let again = false;
    const offs: Array<() => void> = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      for (const off of offs) off();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`${what} did not happen in ${timeoutMs} ms`)), timeoutMs);
    const wake = async (): Promise<void> => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        if (await check()) return finish();
      } finally {
        busy = false;
      }
      if (again) {
        again = false;
        await wake();
      }
    };
    offs.push(sim.onWebhookAttempt(() => void wake()));
    offs.push(sim.onStatusChange(() => void wake()));
  });
}

/** A JSON-lines logger that keeps each line parsed (tests read what an operator would). */
export function recordingJsonLogger(
  level: LogLevel = 'debug',
): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createJsonLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>), {
    level,
  });
  return Object.assign(logger, { lines });
}

/**
 * Reconnect attempts held by the test: while `holding`, an attempt waits until `release()`.
 * Lets a test keep one instance deaf (its LISTEN connection lost) while the other is back.
 */
export function heldReconnects() {
  let holding = false;
  const waiting: Array<() => void> = [];
  return {
    schedule: (fn: () => void, ms: number) => {
      if (holding) waiting.push(fn);
      else setTimeout(fn, ms).unref();
    },
    hold: () => {
      holding = true;
    },
    /** How many attempts wait. */
    get waiting() {
      return waiting.length;
    },
    release: () => {
      holding = false;
      for (const fn of waiting.splice(0)) fn();
    },
  };
}

/** Resolves once the database's LISTEN connection is `attached` (or not), told by the Db itself. */
export function untilListening(db: Db, attached: boolean, what: string, timeoutMs = 20_000): Promise<void> {
  if (db.listening === attached) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what}: LISTEN not ${attached ? 'attached' : 'lost'} in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = db.onListenState((now) => {
      if (now !== attached) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
