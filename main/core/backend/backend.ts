/**
 * One backend: everything the app keeps and runs for one place it sends verifications to — the
 * embedded simulator (no key stored), Stripe with the stored key, in test or live mode, or a
 * Countersign Hub the station enrolled with (no key on the station at all). Each has its own
 * history, outbox and watcher stores (names are prefixed), so a demo on the simulator never
 * mixes with real verifications, test mode never mixes with live mode, and one hub station's
 * history never mixes with another's.
 *
 * A hub backend is the same parts: the gateway is the Stripe SDK gateway pointed at the hub with
 * the station token as its key (the hub is Stripe-compatible for sessions), so the outbox drains
 * to the hub unchanged (Idempotency-Key and client_reference_id pass through); the watcher is
 * fed by the hub's stream (`hub-link.ts`) instead of polling the Events API.
 */
import type { Clock } from '../../../base/clock.ts';
import { createGateway, parseKey, type ApiTarget, type Connectivity, type Gateway } from '../stripe/index.ts';
import {
  MemoryStore,
  openSmallStore,
  type KeyValueStore,
  type StoreFactory,
  type StoreProblem,
} from '../storage/index.ts';
import {
  createRevocation,
  hubGateway,
  hubHost,
  hubRevokedError,
  startHubLink,
  type HubConnection,
  type HubInfo,
  type HubLink,
  type HubLinkOptions,
} from '../hub-client/index.ts';
import type { ErrorPayload } from '../../../contract/errors.ts';
import type { EffectivePolicy } from '../../../contract/policy.ts';
import type { HubRoster } from '../../../contract/hub-staff.ts';
import type { BackendKindName } from '../../../contract/ipc.ts';
import {
  createHistory,
  openRecordsInBackground,
  type History,
  type LoadingRecords,
} from '../records/index.ts';
import type { Logger } from '../../../base/logger.ts';
import {
  SentCreations,
  noteSentCreations,
  openOutbox,
  type Outbox,
  type OutboxItemEvent,
} from '../outbox/index.ts';
import { reconcile } from './reconcile.ts';
import {
  createSessions,
  createTimelines,
  type AttemptCounter,
  type Sessions,
  type Timelines,
} from '../sessions/index.ts';
import type { Settings } from '../../../contract/ipc.ts';
import { CountersignError } from '../../../contract/errors.ts';
import { createWatcher, type SessionUpdate, type Watcher } from '../watcher/index.ts';

/**
 * A Stripe-compatible API on this machine: the embedded simulator. The core never imports it;
 * the host that wants one (the app, the harness, a test) passes a factory.
 */
export interface LocalApi {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
  readonly secretKey: string;
  /** A restricted key of the same account, for sensitive results; absent when there is none. */
  readonly restrictedKey?: string;
  close(): Promise<void>;
}

export interface Backend<L extends LocalApi = LocalApi> {
  kind: BackendKindName;
  mode: 'test' | 'live';
  /** `sk_test_…abcd` for Stripe; null on the simulator. */
  maskedKey: string | null;
  /** `rk_test_…abcd`: the restricted key for sensitive results, when one is stored. */
  maskedRestrictedKey: string | null;
  /** The simulator while it is the backend. */
  local: L | null;
  /** The hub while it is the backend. */
  hub: HubInfo | null;
  gateway: Gateway;
  records: LoadingRecords;
  history: History;
  outbox: Outbox;
  sessions: Sessions;
  watcher: Watcher;
  timelines: Timelines;
  /** Attempts per session; told of each failed try (see sessions.ts, `handOut`). */
  attempts: AttemptLedger;
  /** Start-up reconciliation of what the last run left unfinished. */
  reconciled: Promise<void>;
  /** A kiosk customer's new call for help: told to the hub on a hub backend, else nothing. */
  reportHelpCall(call: { at: number; sessionId: string | null }): void;
}

export interface BackendHooks {
  onUpdate(backend: Backend, update: SessionUpdate): void;
  onOutboxItem(backend: Backend, item: OutboxItemEvent): void;
  /** A record changed outside the watcher and the outbox (a late reconciliation). */
  onRecordChanged(backend: Backend, clientReferenceId: string): void;
  onQueueCount(): void;
  onProblem(problem: StoreProblem): void;
  /** The hub refused this station (revoked), or its test/live mode became known. */
  onHubChanged?(): void;
  /** The hub sent this station's policy (issue 18). */
  onPolicy?(policy: EffectivePolicy): void;
  /** The hub sent its store's staff roster (issue 19). */
  onRoster?(roster: HubRoster): void;
}

export interface OpenBackendOptions<L extends LocalApi> {
  storeFactory: StoreFactory;
  clock: Clock;
  logger: Logger;
  connectivity: Connectivity;
  settings: () => Settings;
  /** The page after the check, or null for none (no return_url). */
  returnUrl: () => string | null;
  station: string;
  sealKey: Buffer;
  /**
   * The stored key and its masked form, with the restricted key for sensitive results when one
   * is stored; null runs the simulator.
   */
  key: { secret: string; masked: string; restricted?: { secret: string; masked: string } | null } | null;
  /** The hub the station enrolled with; it wins over a key (none is needed then). */
  hub?: HubConnection | null;
  /** Told to the hub in heartbeats. */
  appVersion?: string;
  /** Tests: heartbeat interval and stream backoff. */
  hubLink?: Pick<HubLinkOptions, 'heartbeatIntervalMs' | 'stream'>;
  /** The audit trail's entries after a seq, oldest first: a hub backend uploads them. */
  auditEntriesAfter?: HubLinkOptions['auditEntriesAfter'];
  startLocal: () => Promise<L>;
  /** Send Stripe traffic here instead of api.stripe.com (tests pointing a "real" key at a simulator). */
  apiTarget?: ApiTarget | undefined;
  hooks: BackendHooks;
}

interface OpenedBackend<L extends LocalApi> extends Backend<L> {
  unsubscribe: Array<() => void>;
  link: HubLink | null;
}

/** Host, port and protocol of a hub's URL, as the SDK takes them. */
function hubTarget(url: string): ApiTarget {
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'https:' ? 'https' : 'http';
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}

const HUB_MODE_KEY = 'hubMode';

export async function openBackend<L extends LocalApi>(o: OpenBackendOptions<L>): Promise<Backend<L>> {
  const hub = o.hub ?? null;
  const local = o.key || hub ? null : await o.startLocal();
  const apiKey = hub?.token ?? o.key?.secret ?? local!.secretKey;
  const target: ApiTarget | undefined = hub
    ? hubTarget(hub.url)
    : local
      ? { host: local.host, port: local.port, protocol: local.protocol }
      : o.apiTarget;
  const kind: BackendKindName = hub ? 'hub' : local ? 'simulator' : 'stripe';
  // A hub's mode is learnt from its sessions (livemode) and kept with the watcher's state.
  let mode: 'test' | 'live' = hub ? 'test' : parseKey(apiKey).mode;
  const prefix =
    kind === 'simulator' ? 'simulator-' : kind === 'hub' ? `hub-${hub!.station.id}-` : `stripe-${mode}-`;
  const factory: StoreFactory = (name, options) => o.storeFactory(prefix + name, options);
  const { clock } = o;
  const openedAt = clock.now();
  let hubProblem: ErrorPayload | null = null;
  const revocation = createRevocation(() => {
    hubProblem = hubRevokedError().toPayload();
    o.logger.warn('hub: this station was refused (revoked); no more requests are sent to the hub');
    o.hooks.onHubChanged?.();
  });
  // Short on purpose: staff wait on a creation at the counter. When Stripe does not answer in
  // time the creation is queued, and the outbox replays it under the same Idempotency-Key.
  const sdkGateway = createGateway({
    apiKey,
    maxNetworkRetries: 1,
    timeoutMs: 8000,
    ...(target ? { target } : {}),
  });
  const gateway = hub ? hubGateway(sdkGateway, hubHost(hub.url), revocation) : sdkGateway;
  // Sensitive results (date of birth, ID number) need a restricted key at Stripe: the stored
  // one, or the simulator's own. A hub answers for its own key, so a station on one has none.
  const restrictedKey = hub ? null : (o.key?.restricted?.secret ?? local?.restrictedKey ?? null);
  const sensitiveGateway = restrictedKey
    ? createGateway({
        apiKey: restrictedKey,
        maxNetworkRetries: 1,
        timeoutMs: 8000,
        ...(target ? { target } : {}),
      })
    : null;
  // The history opens in the background: app.status answers at once, and anything that needs
  // the whole history (a search, the pruning, the reconciliation) reads what is missing first.
  const records = openRecordsInBackground({ storeFactory: factory, clock });
  const history = createHistory(records, { clock, retentionDays: o.settings().retentionDays });
  const attempts = createAttemptLedger(records);
  // Issue 8 (#9): an online creation is noted before it is sent, so a restart can send the same
  // request again under the same key (reconcile.ts). The simulator's sessions end with the app:
  // nothing to recover there.
  const sent =
    kind === 'stripe'
      ? new SentCreations({ storeFactory: factory, sealKey: o.sealKey, clock, onProblem: o.hooks.onProblem })
      : undefined;
  const sessions = createSessions({
    sensitiveGateway,
    gateway: sent
      ? noteSentCreations(gateway, sent, () => o.logger.warn('outbox-sent: a note could not be written'))
      : gateway,
    clock,
    maxAttempts: () => o.settings().maxAttempts,
    attempts,
    returnUrl: () => o.returnUrl() ?? undefined,
    station: o.station,
  });
  const outbox = openOutbox({
    storeFactory: factory,
    gateway,
    records,
    sealKey: o.sealKey,
    clock,
    connectivity: o.connectivity,
  });
  // The simulator forgets its sessions when the app closes, so a cursor from an earlier run
  // would point at nothing: its watcher state lives in memory. A damaged watcher file only
  // costs the cursor: the watcher then reads by time.
  const watcherFile = kind === 'simulator' ? null : openSmallStore(factory, 'watcher');
  if (watcherFile?.damaged) {
    o.hooks.onProblem({
      store: 'watcher',
      recovered: false,
      at: clock.now(),
      notice: { code: 'watcher_defaults', params: {} },
      error: new CountersignError(
        'store_corrupt',
        "The watcher's file was damaged; it starts again from recent events.",
      ).toPayload(),
    });
  }
  const watcherStore: KeyValueStore = watcherFile?.store ?? new MemoryStore();
  const watcher = createWatcher({
    gateway,
    store: watcherStore,
    clock,
    fastIntervalMs: o.settings().fastIntervalMs,
    slowIntervalMs: o.settings().slowIntervalMs,
    onConnectivity: (online) => o.connectivity.report(online),
    pushed: kind === 'hub',
  });
  if (hub && watcherStore.get(HUB_MODE_KEY) === 'live') mode = 'live';
  const backend: OpenedBackend<L> = {
    kind,
    mode,
    maskedKey: o.key && !hub ? o.key.masked : null,
    maskedRestrictedKey: o.key && !hub ? (o.key.restricted?.masked ?? null) : null,
    local,
    hub: hub ? { host: hubHost(hub.url), station: hub.station, problem: () => hubProblem } : null,
    link: null,
    gateway,
    records,
    history,
    outbox,
    sessions,
    watcher,
    timelines: createTimelines(),
    attempts,
    reconciled: Promise.resolve(),
    reportHelpCall: (call) => backend.link?.helpCalls.report(call),
    unsubscribe: [],
  };
  for (const problem of [...records.problems, ...outbox.problems]) o.hooks.onProblem(problem);
  backend.unsubscribe.push(
    records.onProblem(o.hooks.onProblem),
    outbox.onProblem(o.hooks.onProblem),
    outbox.onCount(() => o.hooks.onQueueCount()),
    outbox.onItem((item) => o.hooks.onOutboxItem(backend, item)),
    watcher.subscribe((update) => o.hooks.onUpdate(backend, update)),
  );
  backend.reconciled = records.ready().then(
    () => {
      history.pruneExpired();
      const reconciliation = reconcile({
        kind,
        gateway,
        records,
        outbox,
        watcher,
        logger: o.logger,
        clock,
        openedAt,
        onResolved: (clientReferenceId) => o.hooks.onRecordChanged(backend, clientReferenceId),
        sent,
        timelines: backend.timelines,
      });
      backend.unsubscribe.push(() => reconciliation.stop());
      return reconciliation.done;
    },
    () => o.logger.error('history: a shard could not be opened'),
  );
  if (hub) {
    backend.link = startHubLink({
      connection: hub,
      watcher,
      store: watcherStore,
      clock,
      logger: o.logger.child('hub'),
      connectivity: o.connectivity,
      revocation,
      appVersion: o.appVersion ?? '',
      counts: () => ({
        queued: outbox.count,
        active: watcher.tracked().length,
        lastError: outbox.lastFailure,
      }),
      onPolicy: (policy) => o.hooks.onPolicy?.(policy),
      onRoster: (roster) => o.hooks.onRoster?.(roster),
      // The mode of a hub is its Stripe account's, seen on its sessions.
      onLivemode: (live) => {
        const seen = live ? 'live' : 'test';
        if (backend.mode === seen) return;
        backend.mode = seen;
        watcherStore.set(HUB_MODE_KEY, seen);
        o.hooks.onHubChanged?.();
      },
      ...(o.auditEntriesAfter ? { auditEntriesAfter: o.auditEntriesAfter } : {}),
      ...o.hubLink,
    });
  }
  watcher.start();
  outbox.start();
  o.logger.info('backend opened', { kind, mode });
  return backend;
}

export interface AttemptLedger extends AttemptCounter {
  /** Stripe says the current try failed: the next hand-over is a new attempt. */
  noteFailed(sessionId: string): void;
}

/**
 * The count is the record's (durable); whether the current try failed is kept in memory, and
 * after a restart read from the record (requires_input with an error code: it failed).
 */
function createAttemptLedger(records: LoadingRecords): AttemptLedger {
  const tries = new Map<string, 'pending' | 'failed'>();
  return {
    get: (id) => records.getBySessionId(id)?.attempts ?? 0,
    tryState: (id) => tries.get(id) ?? 'unknown',
    begin: (id, n) => {
      const record = records.getBySessionId(id);
      if (record) records.update(record.clientReferenceId, { attempts: n });
      tries.set(id, 'pending');
    },
    shown: (id) => void tries.set(id, 'pending'),
    noteFailed: (id) => void tries.set(id, 'failed'),
  };
}

export async function closeBackend(backend: Backend): Promise<void> {
  await backend.reconciled;
  for (const unsubscribe of (backend as OpenedBackend<LocalApi>).unsubscribe ?? []) unsubscribe();
  await (backend as OpenedBackend<LocalApi>).link?.stop();
  backend.watcher.stop();
  await backend.outbox.stop();
  // A history that failed to load was reported when it failed (a store notice); closing goes on.
  await backend.records.ready().catch(() => undefined);
  backend.records.flush();
  await backend.local?.close();
}
