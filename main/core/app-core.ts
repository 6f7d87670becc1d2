/**
 * The whole app's behaviour behind the IPC contract, with no Electron in sight: the Electron
 * shell binds these handlers to ipcMain, the test harness binds them to HTTP, and both get the
 * same checks, the same errors and the same events.
 *
 * It owns one "backend" at a time: the embedded simulator when no key is stored (and says so in
 * `app.status`), or Stripe with the stored key. Each backend has its own records, outbox and
 * watcher state (store names are prefixed), so a demo on the simulator never mixes with real
 * verifications, and test mode never mixes with live mode.
 *
 * Secrets stay here: the key only reaches the gateway; the hosted url only reaches
 * `onOpenHostedFlow` (main navigates the customer window) or a QR image; verified outputs are
 * returned to the staff window on request and never stored.
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type {
  AppStatus,
  ContractHandlers,
  CustomerScreen,
  EventName,
  EventPayload,
  HistoryRow,
  SessionView as ContractSessionView,
  Settings,
} from '../../contract/ipc.ts';
import { settingsSchema } from '../../contract/ipc.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { INITIAL_CUSTOMER_STATE, idleResetDue, reduceCustomerFlow } from './customer-flow.ts';
import type { CustomerFlowAction, CustomerFlowState } from './customer-flow.ts';
import type { StoreFactory, StoreProblem } from './durable-doc.ts';
import { CountersignError, toErrorPayload } from './errors.ts';
import type { ErrorPayload } from './errors.ts';
import { createGateway } from './gateway.ts';
import type { ApiTarget, Gateway } from './gateway.ts';
import { createHistory } from './history.ts';
import type { History } from './history.ts';
import { parseKey } from './key-format.ts';
import { openOutbox } from './outbox.ts';
import type { Outbox } from './outbox.ts';
import type { SessionRecord } from './record-schema.ts';
import { openRecords } from './records.ts';
import type { Records } from './records.ts';
import { checkStartInput } from './session-input.ts';
import { knownStatus } from './session-view.ts';
import type { SessionStatus } from './session-view.ts';
import { createSessions, newClientReferenceId } from './sessions.ts';
import type { AttemptCounter, Sessions } from './sessions.ts';
import { MemoryStore } from './store.ts';
import type { KeyValueStore } from './store.ts';
import { createVault } from './vault.ts';
import type { Keychain, Vault } from './vault.ts';
import { createWatcher } from './watcher.ts';
import type { SessionUpdate, Watcher } from './watcher.ts';
import { startSimulator } from '../simulator/index.ts';
import type { RunningSimulator, SimulatorOptions } from '../simulator/index.ts';

export const DEFAULT_SETTINGS: Settings = {
  returnUrl: null,
  fastIntervalMs: 1000,
  slowIntervalMs: 5000,
  idleResetSeconds: 60,
  retentionDays: 90,
  maxAttempts: 3,
};

/**
 * Where the hosted flow sends the customer back. `.invalid` never resolves: main intercepts the
 * navigation before it leaves the window (see main/shell/navigation.ts).
 */
export const DEFAULT_RETURN_URL = 'https://return.countersign.invalid/done';
export const STRIPE_HOSTED_ORIGIN = 'https://verify.stripe.com';
const SEAL_KEY_ACCOUNT = 'outbox-seal-key';
const SETTINGS_KEY = 'settings';
/** While offline, how often Stripe is asked whether it answers again (doubling up to the max). */
const PROBE_MIN_MS = 5_000;
const PROBE_MAX_MS = 60_000;

export interface AppCoreDeps {
  storeFactory: StoreFactory;
  /** null: no keychain on this machine; the app then runs on the simulator only. */
  keychain: Keychain | null;
  station: string;
  /** Unattended: the customer starts a verification from the welcome screen. */
  kiosk?: boolean;
  version: string;
  /** One line at a time; never given a key, a url or personal data. */
  log: (line: string) => void;
  clock?: Clock;
  /** Options for the embedded simulator (used while no key is stored). */
  simulator?: SimulatorOptions;
  /** Send Stripe traffic here instead of api.stripe.com (tests pointing a "real" key at a simulator). */
  apiTarget?: ApiTarget;
  /** While offline, the first pause before asking Stripe again (doubles up to a minute). */
  probeIntervalMs?: number;
  /** Keychain service name; tests use their own. */
  keychainService?: string;
}

export interface AppCoreOptions {
  /** Overrides the return_url setting (the harness points it at itself). */
  returnUrl?: string;
}

export interface AppCore {
  handlers: ContractHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Main only: open this hosted url in the customer window. Never forwarded to a renderer. */
  onOpenHostedFlow(listener: (url: string) => void): () => void;
  /** Main only: the customer window reached the return_url. */
  customerReturned(): void;
  returnUrl(): string;
  /** The origin of the hosted flow, for the navigation and camera permission rules. */
  hostedOrigin(): string;
  /** Resolves once what the last run left unfinished has been reconciled (tests). */
  reconciled(): Promise<void>;
  /** The embedded simulator while it is the backend: the harness and tests cut its network. */
  simulator(): RunningSimulator | null;
  close(): Promise<void>;
}

interface Backend {
  /** Start-up reconciliation of what the last run left unfinished (see reconcile). */
  reconciled: Promise<void>;
  kind: 'simulator' | 'stripe';
  mode: 'test' | 'live';
  maskedKey: string | null;
  simulator: RunningSimulator | null;
  gateway: Gateway;
  records: Records;
  history: History;
  outbox: Outbox;
  sessions: Sessions;
  watcher: Watcher;
  /** Last error reasons by session id: shown in the console, not worth a disk write. */
  reasons: Map<string, string | null>;
  timelines: Map<string, { type: string; at: number }[]>;
  unsubscribe: Array<() => void>;
}

type Listener = (payload: unknown) => void;

export async function createAppCore(deps: AppCoreDeps, options: AppCoreOptions = {}): Promise<AppCore> {
  const clock = deps.clock ?? systemClock;
  const listeners = new Map<EventName, Set<Listener>>();
  const flowListeners = new Set<(url: string) => void>();
  const vault: Vault | null = deps.keychain
    ? createVault({
        keychain: deps.keychain,
        ...(deps.keychainService ? { service: deps.keychainService } : {}),
      })
    : null;
  const opened = openSmallStore(deps.storeFactory, 'settings');
  const settingsStore = opened.store;
  const loaded = loadSettings(settingsStore);
  let settings = loaded.settings;
  let online = true;
  let keyProblem: ErrorPayload | null = null;
  let storeNotice: string | null =
    opened.damaged || loaded.invalid
      ? 'The settings could not be read, so the defaults are in use. Check them in Settings.'
      : null;
  if (storeNotice) deps.log('settings: unreadable; using the defaults');
  let customer: CustomerFlowState = { ...INITIAL_CUSTOMER_STATE, since: clock.now() };
  const seal = await loadSealKey(deps);
  const sealKey = seal.key;
  if (!seal.durable && deps.keychain) {
    storeNotice ??=
      'The system keychain could not keep the key that protects queued contact details: an email or phone queued while offline is lost if Countersign closes before it is sent.';
  }

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        deps.log(`event listener for ${event} failed: ${String((error as Error)?.name ?? 'error')}`);
      }
    }
  };

  const returnUrl = () => options.returnUrl ?? settings.returnUrl ?? DEFAULT_RETURN_URL;

  const noteProblem = (problem: StoreProblem) => {
    storeNotice = problem.recovered
      ? `A damaged file (${problem.store}) was restored from its last good copy. Check that recent verifications are listed.`
      : `A damaged file (${problem.store}) could not be restored: ${problem.error.message}`;
    deps.log(`store problem: ${problem.store} recovered=${problem.recovered} code=${problem.error.code}`);
    emitStatus();
  };

  const openBackend = async (): Promise<Backend> => {
    const read = vault ? await readStoredKey(vault, deps.log) : { key: null, problem: null };
    keyProblem = read.problem;
    const stored = read.key;
    let simulator: RunningSimulator | null = null;
    let apiKey: string;
    let kind: Backend['kind'];
    let target: ApiTarget | undefined = deps.apiTarget;
    if (stored) {
      apiKey = stored;
      kind = 'stripe';
    } else {
      simulator = await startSimulator(deps.simulator ?? {});
      apiKey = simulator.secretKey;
      kind = 'simulator';
      target = { host: simulator.host, port: simulator.port, protocol: simulator.protocol };
    }
    const mode = parseKey(apiKey).mode;
    const prefix = kind === 'simulator' ? 'simulator-' : `stripe-${mode}-`;
    const factory: StoreFactory = (name, o) => deps.storeFactory(prefix + name, o);
    // Short on purpose: staff wait on a creation at the counter. When Stripe does not answer in
    // time the creation is queued, and the outbox replays it under the same Idempotency-Key.
    const gateway = createGateway({
      apiKey,
      maxNetworkRetries: 1,
      timeoutMs: 8000,
      ...(target ? { target } : {}),
    });
    const records = openRecords({ storeFactory: factory, clock });
    const history = createHistory(records, { clock, retentionDays: settings.retentionDays });
    const attempts: AttemptCounter = {
      get: (id) => records.getBySessionId(id)?.attempts ?? 0,
      set: (id, n) => {
        const record = records.getBySessionId(id);
        if (record) records.update(record.clientReferenceId, { attempts: n });
      },
    };
    const sessions = createSessions({
      gateway,
      clock,
      maxAttempts: () => settings.maxAttempts,
      attempts,
      returnUrl,
      station: deps.station,
    });
    const outbox = openOutbox({ storeFactory: factory, gateway, records, sealKey, clock });
    // The simulator forgets everything when the app closes: a cursor from a previous run would
    // point at nothing, so its watcher state lives in memory.
    // A damaged watcher file only costs the cursor: the watcher then reads by time.
    const watcherStore: KeyValueStore =
      kind === 'simulator' ? new MemoryStore() : openSmallStore(factory, 'watcher').store;
    const watcher = createWatcher({
      gateway,
      store: watcherStore,
      clock,
      fastIntervalMs: settings.fastIntervalMs,
      slowIntervalMs: settings.slowIntervalMs,
      onConnectivity: (isOnline) => setOnline(isOnline),
    });
    const backend: Backend = {
      kind,
      mode,
      maskedKey: stored ? (vault ? ((await vault.describe()).masked ?? null) : null) : null,
      simulator,
      gateway,
      records,
      history,
      outbox,
      sessions,
      watcher,
      reasons: new Map(),
      timelines: new Map(),
      reconciled: Promise.resolve(),
      unsubscribe: [],
    };
    for (const problem of [...records.problems, ...outbox.problems]) noteProblem(problem);
    backend.unsubscribe.push(
      records.onProblem(noteProblem),
      outbox.onProblem(noteProblem),
      outbox.onCount(() => emitStatus()),
      outbox.onItem((item) => {
        // A creation went through: Stripe is reachable again.
        if (item.state === 'ready') setOnline(true);
        if (item.state === 'ready' && item.sessionId) {
          watcher.track(item.sessionId, { inFlow: false, createdAt: clock.now() });
          addTimeline(backend, item.sessionId, 'created', clock.now());
        }
        emit('outbox.item', {
          clientReferenceId: item.clientReferenceId,
          reference: item.reference,
          state: item.state,
          sessionId: item.sessionId ?? null,
          message: item.error?.message ?? null,
        });
        const record = records.get(item.clientReferenceId);
        if (record) emit('session.updated', viewOf(backend, record));
      }),
      watcher.subscribe((update) => onUpdate(backend, update)),
    );
    history.pruneExpired();
    backend.reconciled = reconcile(kind, gateway, records, outbox, watcher);
    watcher.start();
    outbox.start();
    deps.log(`backend: ${kind} (${mode} mode)`);
    return backend;
  };

  const closeBackend = async (b: Backend) => {
    await b.reconciled;
    for (const u of b.unsubscribe) u();
    b.watcher.stop();
    await b.outbox.stop();
    b.records.flush();
    await b.simulator?.close();
  };

  const viewOf = (b: Backend, record: SessionRecord): ContractSessionView => ({
    id: record.sessionId,
    clientReferenceId: record.clientReferenceId,
    reference: record.reference,
    type: record.type,
    status: record.status,
    redacted: record.redacted,
    lastErrorCode: record.lastErrorCode,
    lastErrorReason: record.sessionId ? (b.reasons.get(record.sessionId) ?? null) : null,
    attempts: record.attempts,
    maxAttempts: settings.maxAttempts,
    created: record.created,
    updated: record.updated,
    livemode: b.mode === 'live',
  });

  const historyRow = (b: Backend, record: SessionRecord): HistoryRow => {
    const { lastErrorReason: _reason, ...view } = viewOf(b, record);
    return { ...view, station: record.station ?? 'unknown', redactedAt: record.redactedAt };
  };

  const addTimeline = (b: Backend, sessionId: string, type: string, at: number) => {
    const list = b.timelines.get(sessionId) ?? [];
    if (!list.some((e) => e.type === type && e.at === at)) list.push({ type, at });
    b.timelines.set(sessionId, list.slice(-100));
  };

  const onUpdate = (b: Backend, update: SessionUpdate) => {
    const record = b.records.getBySessionId(update.sessionId);
    if (!record) return;
    b.reasons.set(update.sessionId, update.lastErrorReason);
    addTimeline(b, update.sessionId, update.source.replace('identity.verification_session.', ''), update.at);
    const patch: Parameters<Records['update']>[1] = {
      status: update.status,
      lastErrorCode: update.lastErrorCode,
    };
    if (update.redacted && !record.redacted)
      Object.assign(patch, { redacted: true, redactedAt: clock.now() });
    const updated = b.records.update(record.clientReferenceId, patch);
    emit('session.updated', viewOf(b, updated));
    dispatchCustomer({
      type: 'status',
      sessionId: update.sessionId,
      status: update.status,
      redacted: update.redacted,
      lastErrorCode: update.lastErrorCode,
      attemptsLeft: Math.max(0, settings.maxAttempts - updated.attempts),
    });
  };

  const customerScreen = (): CustomerScreen => ({
    screen: customer.screen,
    qrSvg: customer.qrSvg,
    errorCode: customer.errorCode,
    attemptsLeft: customer.attemptsLeft,
    idleResetSeconds: settings.idleResetSeconds,
    online,
    kiosk: deps.kiosk ?? false,
  });

  const dispatchCustomer = (action: CustomerFlowAction) => {
    const next = reduceCustomerFlow(customer, action, clock.now());
    if (next === customer) return;
    customer = next;
    emit('customer.changed', customerScreen());
  };

  const status = (): AppStatus => ({
    backend: backend.kind,
    mode: backend.mode,
    maskedKey: backend.maskedKey,
    online,
    queued: backend.outbox.count,
    station: deps.station,
    kiosk: deps.kiosk ?? false,
    version: deps.version,
    storeNotice,
    keyProblem,
  });
  /**
   * Online means Stripe answers, not that the OS has a network. While offline, one cheap
   * authenticated request every so often finds out when it answers again, even when nothing
   * is being watched or queued.
   */
  let probe: ReturnType<typeof setTimeout> | null = null;
  const probeMinMs = deps.probeIntervalMs ?? PROBE_MIN_MS;
  let probeDelayMs = probeMinMs;
  const setOnline = (value: boolean) => {
    if (value === online) return;
    online = value;
    if (probe) clearTimeout(probe);
    probe = null;
    if (value) {
      probeDelayMs = probeMinMs;
      backend.outbox.notifyOnline();
    } else {
      scheduleProbe();
    }
    emitStatus();
  };
  const scheduleProbe = () => {
    probe = setTimeout(() => {
      probe = null;
      backend.gateway.ping().then(
        () => setOnline(true),
        () => {
          probeDelayMs = Math.min(PROBE_MAX_MS, probeDelayMs * 2);
          if (!online && !closed) scheduleProbe();
        },
      );
    }, probeDelayMs);
    probe.unref?.();
  };
  let closed = false;

  const emitStatus = () => {
    if (!backendReady) return;
    emit('status.changed', status());
    // The customer window learns only whether Stripe answers (in its own screen state).
    if (customerOnline !== online) {
      customerOnline = online;
      emit('customer.changed', customerScreen());
    }
  };
  let customerOnline = online;

  let backendReady = false;
  let backend = await openBackend();
  backendReady = true;

  const switchBackend = async () => {
    const old = backend;
    backendReady = false;
    await closeBackend(old);
    backend = await openBackend();
    backendReady = true;
    customer = { ...INITIAL_CUSTOMER_STATE, since: clock.now() };
    emit('customer.changed', customerScreen());
    emitStatus();
  };

  const recordFor = (id: string): SessionRecord => {
    const record = backend.records.getBySessionId(id);
    if (!record)
      throw new CountersignError('session_not_found', 'This verification is not in the local history.');
    return record;
  };

  const openFlow = (url: string) => {
    for (const listener of flowListeners) listener(url);
  };

  const handOver = async (sessionId: string, via: 'screen' | 'qr') => {
    let record = recordFor(sessionId);
    const url = await backend.sessions.hostedUrl(sessionId);
    // A session created from the outbox has not been handed over yet: this is attempt one.
    if (record.attempts === 0) record = backend.records.update(record.clientReferenceId, { attempts: 1 });
    const qrSvg =
      via === 'qr' ? await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null;
    backend.watcher.track(sessionId, { inFlow: true, createdAt: record.created });
    dispatchCustomer({
      type: 'present',
      sessionId,
      via,
      qrSvg,
      attemptsLeft: Math.max(0, settings.maxAttempts - record.attempts),
    });
    if (via === 'screen') openFlow(url);
    return { qrSvg };
  };

  /** Creates now when Stripe answers, or queues durably when it cannot be reached. */
  const start = async (rawInput: unknown) => {
    const input = checkStartInput(rawInput);
    // A new customer: the previous result must not linger on screen (the renderer clears its
    // copy too) and the customer screen starts over.
    dispatchCustomer({ type: 'done' });
    const queue = (clientReferenceId?: string) => {
      const queued = backend.outbox.enqueue({
        input,
        station: deps.station,
        returnUrl: returnUrl(),
        clientReferenceId,
      });
      emitStatus();
      return {
        outcome: 'queued' as const,
        clientReferenceId: queued.clientReferenceId,
        reference: queued.reference,
      };
    };
    if (!online || backend.outbox.count > 0) return queue();
    const clientReferenceId = newClientReferenceId();
    backend.records.add({
      clientReferenceId,
      reference: input.reference,
      type: input.type,
      status: 'queued',
      station: deps.station,
    });
    try {
      const started = await backend.sessions.create(input, clientReferenceId);
      const id = started.session.id!;
      const record = backend.records.update(clientReferenceId, {
        sessionId: id,
        status: started.session.status,
        attempts: 1,
      });
      addTimeline(backend, id, 'created', started.session.created);
      backend.watcher.track(id, { inFlow: false, createdAt: started.session.created });
      const view = viewOf(backend, record);
      emit('session.updated', view);
      return { outcome: 'created' as const, session: view };
    } catch (error) {
      if (error instanceof CountersignError && error.retryable) {
        // The request may have reached Stripe: the queue replays it with the same key and
        // client_reference_id (and takes over this record), so it is created exactly once.
        if (error.code === 'stripe_connection') setOnline(false);
        return queue(clientReferenceId);
      }
      // Refused for good (bad key, invalid request): the record says so instead of "queued".
      const code = error instanceof CountersignError ? error.code : 'internal';
      const failed = backend.records.update(clientReferenceId, { status: 'failed', lastErrorCode: code });
      emit('session.updated', viewOf(backend, failed));
      throw error;
    }
  };

  const handlers: ContractHandlers = {
    'app.status': async () => status(),
    'settings.get': async () => settings,
    'settings.update': async (patch) => {
      const next = settingsSchema.safeParse({ ...settings, ...patch });
      if (!next.success) {
        throw new CountersignError('invalid_input', 'The fast interval cannot be longer than the slow one.');
      }
      settings = next.data;
      settingsStore.set(SETTINGS_KEY, settings);
      // Applied in place: reopening the backend would lose the simulator's sessions.
      backend.watcher.setIntervals(settings.fastIntervalMs, settings.slowIntervalMs);
      backend.history.setRetentionDays(settings.retentionDays);
      backend.history.pruneExpired();
      return settings;
    },
    'key.store': async ({ key }) => {
      if (!vault) throw keychainMissing();
      const stored = await vault.store(key);
      await switchBackend();
      return stored;
    },
    'key.remove': async () => {
      if (!vault) throw keychainMissing();
      const removed = await vault.remove();
      if (removed) await switchBackend();
      return { removed };
    },
    'key.test': async () => {
      if (keyProblem) {
        // The keychain may have been unlocked since: read the key again and switch to Stripe.
        await switchBackend();
        if (keyProblem) throw new CountersignError(keyProblem.code, keyProblem.message);
      }
      await backend.gateway.ping();
      setOnline(true);
      return { ok: true, mode: backend.mode };
    },
    'sessions.start': async (input) => start(input),
    'sessions.list': async ({ since }) => {
      const from = since ?? startOfDay(clock.now());
      const out: ContractSessionView[] = [];
      for (const record of backend.records.matching({ from })) {
        out.push(viewOf(backend, record));
        if (out.length >= 10_000) break;
      }
      return out;
    },
    'sessions.get': async ({ id }) => {
      const record = recordFor(id);
      const checks = record.redacted ? [] : await backend.sessions.checks(id);
      return {
        session: viewOf(backend, record),
        timeline: [...(backend.timelines.get(id) ?? [])].sort((a, b) => a.at - b.at),
        checks,
      };
    },
    'sessions.retry': async ({ id }) => {
      const started = await backend.sessions.retry(id);
      const record = recordFor(id);
      backend.watcher.track(id, { inFlow: true, createdAt: record.created });
      dispatchCustomer({
        type: 'retry_started',
        sessionId: id,
        attemptsLeft: Math.max(0, settings.maxAttempts - record.attempts),
      });
      if (customer.sessionId === id) openFlow(started.hostedUrl);
      return viewOf(backend, record);
    },
    'sessions.cancel': async ({ id }) => {
      const record = recordFor(id);
      const session = await backend.sessions.cancel(id);
      const updated = backend.records.update(record.clientReferenceId, { status: session.status });
      onUpdate(backend, {
        sessionId: id,
        status: session.status,
        redacted: false,
        lastErrorCode: session.lastErrorCode,
        lastErrorReason: session.lastErrorReason,
        source: 'canceled',
        eventId: null,
        at: clock.now(),
      });
      return viewOf(backend, backend.records.get(updated.clientReferenceId) ?? updated);
    },
    'sessions.redact': async ({ id }) => {
      const record = recordFor(id);
      const session = await backend.sessions.redact(id);
      backend.history.markRedacted(record.clientReferenceId);
      onUpdate(backend, {
        sessionId: id,
        status: session.status,
        redacted: true,
        lastErrorCode: session.lastErrorCode,
        lastErrorReason: session.lastErrorReason,
        source: 'redacted',
        eventId: null,
        at: clock.now(),
      });
      return viewOf(backend, recordFor(id));
    },
    'sessions.result': async ({ id }) => {
      recordFor(id);
      return backend.sessions.result(id);
    },
    'customer.present': async ({ id, via }) => handOver(id, via),
    'customer.state': async () => customerScreen(),
    'customer.begin': async () => {
      if (!deps.kiosk) {
        throw new CountersignError(
          'invalid_state',
          'At this counter, a member of staff starts the verification.',
        );
      }
      // Kiosk: the customer starts on their own; a document check with a live selfie.
      const started = await start({
        type: 'document',
        document: { requireLiveCapture: true, requireMatchingSelfie: true },
        reference: `Kiosk ${deps.station} ${new Date(clock.now()).toISOString().slice(0, 16).replace('T', ' ')}`,
      });
      if (started.outcome === 'created' && started.session.id) await handOver(started.session.id, 'screen');
      else dispatchCustomer({ type: 'done' });
      return customerScreen();
    },
    'customer.retry': async () => {
      const id = customer.sessionId;
      if (!id || customer.screen !== 'requires_input') {
        throw new CountersignError('invalid_state', 'There is nothing to try again right now.');
      }
      await handlers['sessions.retry']({ id }, { window: 'customer' });
      return customerScreen();
    },
    'customer.done': async () => {
      dispatchCustomer({ type: 'done' });
      return customerScreen();
    },
    'history.search': async ({ page, pageSize, reference, status: s, from, to }) => {
      const result = backend.history.search({
        page,
        pageSize,
        ...(reference ? { text: reference } : {}),
        ...(s ? { status: s } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
      return {
        rows: result.items.map((r) => historyRow(backend, r)),
        total: result.total,
      };
    },
    'history.exportCsv': async ({ reference, status: s, from, to }) => ({
      csv: backend.history.exportCsv({
        ...(reference ? { text: reference } : {}),
        ...(s ? { status: s } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      }),
      filename: `countersign-history-${new Date(clock.now()).toISOString().slice(0, 10)}.csv`,
    }),
    'outbox.status': async () => {
      const items = backend.outbox.list();
      return {
        queued: items.length,
        items: items.map((i) => ({
          clientReferenceId: i.clientReferenceId,
          reference: i.reference,
          queuedAt: i.queuedAt,
          lastErrorCode: i.lastError?.code ?? null,
        })),
      };
    },
  };

  // Retention is applied daily too, not only at start: a kiosk may run for months.
  const retentionTimer = setInterval(() => backend.history.pruneExpired(), 24 * 60 * 60 * 1000);
  retentionTimer.unref?.();

  // The customer screen goes back to welcome by itself after the idle time.
  const idleTimer = setInterval(() => {
    if (idleResetDue(customer, clock.now(), settings.idleResetSeconds)) dispatchCustomer({ type: 'idle' });
  }, 1000);
  idleTimer.unref?.();

  return {
    handlers,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    onOpenHostedFlow(listener) {
      flowListeners.add(listener);
      return () => flowListeners.delete(listener);
    },
    customerReturned() {
      const id = customer.sessionId;
      if (!id) return;
      backend.watcher.noteReturned(id);
      dispatchCustomer({ type: 'returned', sessionId: id });
    },
    returnUrl,
    hostedOrigin: () => (backend.simulator ? backend.simulator.url : STRIPE_HOSTED_ORIGIN),
    simulator: () => backend.simulator,
    reconciled: () => backend.reconciled,
    close: async () => {
      closed = true;
      if (probe) clearTimeout(probe);
      clearInterval(idleTimer);
      clearInterval(retentionTimer);
      await closeBackend(backend);
    },
  };
}

/**
 * What the last run left unfinished, made right before anything else happens:
 * - sessions that were active are followed again (catch-up from the cursor, or by retrieve);
 * - a creation that was sent but not recorded (the app stopped mid-request) and is not in the
 *   outbox is looked up by its client_reference_id: recorded if Stripe has it, else marked
 *   failed, so no record stays "queued" forever and no session on Stripe goes unknown;
 * - on the simulator, whose sessions end with the app, earlier sessions are marked as such.
 */
function reconcile(
  kind: 'simulator' | 'stripe',
  gateway: Gateway,
  records: Records,
  outbox: Outbox,
  watcher: Watcher,
): Promise<void> {
  const queuedInOutbox = new Set(outbox.list().map((i) => i.clientReferenceId));
  const orphans: SessionRecord[] = [];
  for (const record of [...records.matching({ status: ['queued', 'requires_input', 'processing'] })]) {
    if (kind === 'simulator') {
      if (record.status !== 'queued' || !queuedInOutbox.has(record.clientReferenceId)) {
        records.update(record.clientReferenceId, { status: 'failed', lastErrorCode: 'simulator_restarted' });
      }
    } else if (record.status === 'queued') {
      if (!queuedInOutbox.has(record.clientReferenceId)) orphans.push(record);
    } else if (record.sessionId && !watcher.tracked().includes(record.sessionId)) {
      watcher.track(record.sessionId, { status: record.status as SessionStatus, createdAt: record.created });
    }
  }
  // Looked up in the background: an unreachable Stripe must not hold up the start.
  return (async () => {
    for (const record of orphans) {
      try {
        const [found] = await gateway.findSessionsByReference(record.clientReferenceId, 1);
        records.update(
          record.clientReferenceId,
          found
            ? {
                sessionId: found.id,
                status: knownStatus(found.status),
                lastErrorCode: found.last_error?.code ?? null,
              }
            : { status: 'failed', lastErrorCode: 'not_created' },
        );
        if (found && (found.status === 'requires_input' || found.status === 'processing')) {
          watcher.track(found.id, { status: knownStatus(found.status), createdAt: found.created * 1000 });
        }
      } catch {
        // Stripe unreachable: left as it is, looked up again at the next start.
      }
    }
  })();
}

function loadSettings(store: KeyValueStore): { settings: Settings; invalid: boolean } {
  const raw = store.get(SETTINGS_KEY);
  if (raw === undefined) return { settings: DEFAULT_SETTINGS, invalid: false };
  const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(raw as object) });
  return parsed.success
    ? { settings: parsed.data, invalid: false }
    : { settings: DEFAULT_SETTINGS, invalid: true };
}

/**
 * Opens a small store whose loss is recoverable (settings, the watcher's cursor). A file that
 * cannot be parsed must not stop the app from starting: it is replaced by an empty one and the
 * caller tells the user. (History and outbox use DurableDoc, which restores a backup instead.)
 */
function openSmallStore(factory: StoreFactory, name: string): { store: KeyValueStore; damaged: boolean } {
  try {
    return { store: factory(name), damaged: false };
  } catch {
    return { store: factory(name, { discardCorrupt: true }), damaged: true };
  }
}

/**
 * Reads the stored key. A keychain that is locked or gone must not stop the counter: the app
 * runs on the simulator, and the problem is reported in app.status so staff can unlock the
 * keychain and retry (key.test) without restarting.
 */
async function readStoredKey(
  vault: Vault,
  log: (line: string) => void,
): Promise<{ key: string | null; problem: ErrorPayload | null }> {
  try {
    return { key: await vault.read(), problem: null };
  } catch (error) {
    const problem = toErrorPayload(error);
    log(`keychain: ${problem.code}; running on the simulator until the key can be read`);
    return { key: null, problem };
  }
}

/** The key that seals queued email/phone lives in the keychain beside the Stripe key. */
async function loadSealKey(deps: AppCoreDeps): Promise<{ key: Buffer; durable: boolean }> {
  const service = deps.keychainService ?? 'Countersign';
  if (!deps.keychain) return { key: randomBytes(32), durable: false };
  try {
    const existing = await deps.keychain.getPassword(service, SEAL_KEY_ACCOUNT);
    if (existing && Buffer.from(existing, 'base64').length === 32) {
      return { key: Buffer.from(existing, 'base64'), durable: true };
    }
    const fresh = randomBytes(32);
    await deps.keychain.setPassword(service, SEAL_KEY_ACCOUNT, fresh.toString('base64'));
    return { key: fresh, durable: true };
  } catch {
    deps.log(
      'keychain: could not keep the outbox seal key; queued contact details last until the app closes',
    );
    return { key: randomBytes(32), durable: false };
  }
}

function keychainMissing(): CountersignError {
  return new CountersignError(
    'keychain_unavailable',
    'The system keychain is not available, so the key cannot be stored safely. On Linux install and start gnome-keyring or another Secret Service, then restart Countersign.',
  );
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
