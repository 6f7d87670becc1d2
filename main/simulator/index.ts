/**
 * The embedded Stripe Identity simulator: a stateful HTTP server that speaks the Identity and
 * Events subset of Stripe's API as the official SDK sends it. It is the app's backend when no
 * Stripe key is configured and the backend of every test and benchmark.
 *
 *   const sim = await startSimulator({ processingDelayMs: 50 });
 *   const stripe = new Stripe(sim.secretKey, { host: sim.host, port: sim.port, protocol: 'http', maxNetworkRetries: 0 });
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreationHold, FaultInjector, type FaultSettings } from './faults.ts';
import { IdempotencyStore } from './idempotency.ts';
import { generateRestrictedKey, generateSecretKey } from './ids.ts';
import type { DocumentOptions, Outcome } from './session-records.ts';
import { createRequestHandler } from './server.ts';
import { SimulatorStore } from './simulator-state.ts';
import { WebhookDispatcher, type DeliveryAttempt, type WebhookFaults } from './webhooks.ts';

export type { FaultSettings } from './faults.ts';
export type { DeliveryAttempt, WebhookFaults } from './webhooks.ts';
export type { Outcome, LastErrorCode } from './failures.ts';
export { LAST_ERROR_CODES, OUTCOMES } from './failures.ts';
export { RESTRICTED_KEY_WINDOW_MS } from './key-access.ts';

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Default: a generated 'sk_test_sim' + 24 random alphanumerics. */
  secretKey?: string;
  /**
   * The account's restricted key, which may read sensitive results of verifications processed in
   * the last 48 hours (key-access.ts). Default: a generated 'rk_test_sim' + 24 alphanumerics.
   */
  restrictedKey?: string;
  /** The account's IP-restricted key, which may read every verification's sensitive results. */
  ipRestrictedKey?: string;
  /** Time from submission (processing) to the result; default 2000. */
  processingDelayMs?: number;
  /** Milliseconds clock, default Date.now. */
  now?: () => number;
  /** One line per request: method, path, status, ms. Never bodies, never keys. */
  log?: (line: string) => void;
  /** Called with every API answer (status, JSON body): tests check each against Stripe's spec. */
  onResponse?: (status: number, body: unknown) => void;
  /**
   * Whether a failure in the flow itself (abandoned, consent_declined, country_not_supported,
   * device_not_supported: the status stays requires_input) sends a requires_input event.
   * Default true; Stripe does not document it either way (docs/simulator.md).
   */
  eventOnFlowFailure?: boolean;
  /** Webhook retries: the first after this long, doubling each time; default 1000. */
  webhookRetryBaseMs?: number;
  /** Webhook delivery attempts per event and endpoint, the first included; default 5. */
  webhookMaxAttempts?: number;
}

export interface SimulatedSessionSummary {
  id: string;
  status: string;
  client_reference_id: string | null;
  created: number;
}

export interface RunningSimulator {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http';
  readonly secretKey: string;
  /** Reads sensitive results of verifications processed in the last 48 hours. */
  readonly restrictedKey: string;
  /** Reads every verification's sensitive results (Stripe: a key with IP restrictions). */
  readonly ipRestrictedKey: string;
  setFaults(f: Partial<FaultSettings>): void;
  faults(): FaultSettings;
  /**
   * Tests: creations arriving from now on stay "in progress" (their Idempotency-Key taken, not
   * yet carried out; a repeat gets 409) until `release` is called. `waiting()` counts those held.
   */
  holdCreations(): { release: () => void; waiting: () => number };
  /** API requests only (not hosted pages), keyed like 'GET /v1/events'. */
  stats(): { requests: number; byRoute: Record<string, number> };
  resetStats(): void;
  /**
   * Does what the hosted page's buttons do, without a browser (tests and benchmarks). Resolves
   * once the session is in processing (or requires_input for abandoned/consent_declined).
   */
  submit(sessionId: string, outcome: Outcome): Promise<void>;
  /**
   * Defines a verification flow, as the Dashboard would: sessions created with
   * `verification_flow: id` run a document check with these options and, when asked, email and
   * phone checks (the only way to turn those on). Returns the flow's id.
   */
  defineVerificationFlow(flow: { document?: DocumentOptions; email?: boolean; phone?: boolean }): string;
  /** Every session ever created, for duplicate checks (count by client_reference_id). */
  sessions(): SimulatedSessionSummary[];
  /**
   * For tests only (the secret scan): every client_secret, hosted-page token and webhook secret this
   * simulator has issued, revoked ones included. Never served over HTTP.
   */
  issuedSecrets(): string[];
  /** Makes webhook deliveries late, duplicated or reordered, as Stripe's can be. */
  setWebhookFaults(f: Partial<WebhookFaults>): void;
  /** Sends the deliveries a reorder window holds, newest first. */
  flushWebhooks(): void;
  /** Every webhook delivery attempt so far (event, endpoint, attempt number, receiver's status). */
  webhookAttempts(): DeliveryAttempt[];
  /** Called after every webhook delivery attempt; returns an unsubscribe function. */
  onWebhookAttempt(listener: (attempt: DeliveryAttempt) => void): () => void;
  /** Called with (sessionId, newStatus, atMs) whenever a session's status changes. */
  onStatusChange(listener: (sessionId: string, status: string, atMs: number) => void): () => void;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const secretKey = options.secretKey ?? generateSecretKey();
  const restrictedKey = options.restrictedKey ?? generateRestrictedKey();
  const ipRestrictedKey = options.ipRestrictedKey ?? generateRestrictedKey();
  const processingDelayMs = options.processingDelayMs ?? 2000;
  const log = options.log ?? (() => {});
  if (!(processingDelayMs >= 0)) throw new RangeError('processingDelayMs must be 0 or more');

  let baseUrl = '';
  const store = new SimulatorStore(
    now,
    processingDelayMs,
    (id, token) => `${baseUrl}/hosted/${id}?token=${token}`,
    options.eventOnFlowFailure ?? true,
  );
  const webhooks = new WebhookDispatcher(now, {
    retryBaseMs: options.webhookRetryBaseMs,
    maxAttempts: options.webhookMaxAttempts,
  });
  store.onEvent((event) => webhooks.enqueue(event));
  const faults = new FaultInjector(now);
  const creationHold = new CreationHold();
  const idempotency = new IdempotencyStore(now);
  let requests = 0;
  let byRoute: Record<string, number> = {};

  const server: Server = createServer(
    createRequestHandler({
      store,
      webhooks,
      faults,
      creationHold,
      idempotency,
      secretKey,
      restrictedKeys: [
        { key: restrictedKey, ipRestricted: false },
        { key: ipRestrictedKey, ipRestricted: true },
      ],
      log,
      onResponse: options.onResponse,
      countRequest: (key) => {
        requests += 1;
        byRoute[key] = (byRoute[key] ?? 0) + 1;
      },
    }),
  );
  // Idle keep-alive sockets must not hold close() open.
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${urlHost(host)}:${port}`;

  let closing: Promise<void> | null = null;

  return {
    url: baseUrl,
    host,
    port,
    protocol: 'http',
    secretKey,
    restrictedKey,
    ipRestrictedKey,
    setFaults: (f) => {
      const wasOffline = faults.offline;
      faults.set(f);
      if (faults.offline && !wasOffline && closing === null) {
        // Like a dead network: nothing answers a connection, so a request never leaves the client.
        server.close();
        server.closeAllConnections();
      } else if (!faults.offline && wasOffline && closing === null) {
        // Binding an IP address and a known port happens within listen(): the next request connects.
        server.listen(port, host);
      }
    },
    faults: () => faults.get(),
    holdCreations: () => ({ release: creationHold.hold(), waiting: () => creationHold.waiting }),
    stats: () => ({ requests, byRoute: { ...byRoute } }),
    resetStats: () => {
      requests = 0;
      byRoute = {};
    },
    submit: async (sessionId, outcome) => {
      store.submit(sessionId, outcome);
    },
    defineVerificationFlow: (flow) =>
      store.flows.define({
        documentOptions: flow.document ?? {},
        email: flow.email === true,
        phone: flow.phone === true,
      }),
    sessions: () =>
      [...store.sessions.values()].map((s) => ({
        id: s.id,
        status: s.status,
        client_reference_id: s.clientReferenceId,
        created: s.created,
      })),
    issuedSecrets: () => [...store.issued, ...[...webhooks.endpoints.values()].map((e) => e.secret)],
    setWebhookFaults: (f) => webhooks.setFaults(f),
    flushWebhooks: () => webhooks.flush(),
    webhookAttempts: () => webhooks.attempts.map((a) => ({ ...a })),
    onWebhookAttempt: (listener) => webhooks.onAttempt(listener),
    onStatusChange: (listener) => store.onStatusChange(listener),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        creationHold.releaseAll();
        store.close();
        webhooks.close();
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
