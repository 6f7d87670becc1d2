/**
 * The composition root: the whole app's behaviour behind the IPC contract, with no Electron in
 * sight. The Electron shell binds these handlers to ipcMain, the test harness binds them to
 * HTTP, and both get the same checks, the same errors and the same events. Read top to bottom:
 * each module it builds owns one thing (see docs/architecture.md).
 *
 * Secrets stay inside: the key only reaches the gateway; the hosted url only reaches the
 * 'hosted-flow.open' listener (main navigates the customer window) or a QR image; verified
 * outputs are returned to the staff window on request and never stored.
 */
import type {
  ContractHandlers,
  EventName,
  EventPayload,
  Language,
  Settings,
  StoreNotice,
} from '../../contract/ipc.ts';
import { createAppEvents } from './app-events.ts';
import { createAppStatus } from './app-status.ts';
import type { Backend, LocalApi } from './backend.ts';
import { startBackendHost, type BackendHost } from './backend-host.ts';
import { systemClock, type Clock } from '../../base/clock.ts';
import { createConnectivity, type Connectivity } from './connectivity.ts';
import { createCustomerScreen } from './customer-screen.ts';
import type { DiagnosticsSource } from './diagnostics.ts';
import type { StoreFactory } from './durable-doc.ts';
import type { ApiTarget } from './gateway.ts';
import { appAndSettingsHandlers } from './handlers/app-settings.ts';
import type { HandlerContext } from './handlers/context.ts';
import { customerHandlers } from './handlers/customer.ts';
import { diagnosticsHandlers } from './handlers/diagnostics.ts';
import { historyAndOutboxHandlers } from './handlers/history-outbox.ts';
import { hubHandlers } from './handlers/hub.ts';
import { createHubCredentials } from './hub-credentials.ts';
import type { HubLinkOptions } from './hub-link.ts';
import { keyHandlers } from './handlers/key.ts';
import { kioskHandlers } from './handlers/kiosk.ts';
import { createKioskJournal, type KioskJournal } from './kiosk-journal.ts';
import { createStaffPin } from './kiosk-pin.ts';
import { createWalkAway, WALK_AWAY_CANCEL_REASON, WALK_AWAY_SCREENS, type WalkAway } from './walk-away.ts';
import { sessionHandlers } from './handlers/sessions.ts';
import type { Logger } from '../../base/logger.ts';
import { loadSealKey } from './seal.ts';
import { openSettings, openSmallStore } from './settings-store.ts';
import { createVault, DEFAULT_SERVICE, type Keychain } from './vault.ts';
import { createVerifications } from './verifications.ts';
import { createWindowErrorLog } from './window-errors.ts';

export { DEFAULT_SETTINGS } from './settings-store.ts';
export type { LocalApi } from './backend.ts';

/**
 * Where the hosted flow sends the customer back. `.invalid` never resolves: main intercepts the
 * navigation before it leaves the window (see main/shell/navigation.ts).
 */
const STRIPE_HOSTED_ORIGIN = 'https://verify.stripe.com';

export interface AppCoreDeps<L extends LocalApi = LocalApi> {
  storeFactory: StoreFactory;
  /** null: no keychain on this machine; the app then runs on the simulator only. */
  keychain: Keychain | null;
  /** Starts the embedded simulator, the backend while no key is stored. */
  startSimulator: () => Promise<L>;
  station: string;
  /** Unattended: the customer starts a verification from the welcome screen. */
  kiosk?: boolean;
  version: string;
  /** Never given a key, a url or personal data. */
  logger: Logger;
  clock?: Clock;
  /** Send Stripe traffic here instead of api.stripe.com (tests pointing a "real" key at a simulator). */
  apiTarget?: ApiTarget;
  /** While offline, the first pause before asking Stripe again (doubles up to a minute). */
  probeIntervalMs?: number;
  /** Keychain service name; tests use their own. */
  keychainService?: string;
  /** Overrides the return_url setting (the harness points it at itself). */
  returnUrl?: string;
  /** Versions and the log's last lines, for the diagnostics export. */
  diagnostics?: DiagnosticsSource;
  /** Tests: the hub link's heartbeat interval and stream backoff. */
  hubLink?: Pick<HubLinkOptions, 'heartbeatIntervalMs' | 'stream'>;
}

export interface AppCore<L extends LocalApi = LocalApi> {
  handlers: ContractHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Main only: open this hosted url in the customer window. Never forwarded to a renderer. */
  onOpenHostedFlow(listener: (url: string) => void): () => void;
  /** Main only: the customer window reached the return_url. */
  customerReturned(): void;
  /** Main only (kiosk): the customer touched the customer window; the walk-away waits again. */
  customerActivity(): void;
  /** Main only: the language the customer chose on the kiosk, or else the station's. */
  customerLanguage(): Language | null;
  /** Main only: the settings in force (the kiosk's opening hours for the display). */
  settings(): Settings;
  /** Main only (kiosk): staff gave the right PIN; open the staff console. */
  onKioskUnlocked(listener: () => void): () => void;
  /**
   * Main only: whether a staff or customer window is showing. While one is, a slow heartbeat
   * (one ping when nothing else got an answer from Stripe for 15 s) keeps "Online" honest.
   */
  windowsShowing(showing: boolean): void;
  /** Main only: the OS says the network changed; Stripe is asked once, now. */
  networkChanged(): void;
  /**
   * The shop's page after the check (Settings), or null: sessions are then created without a
   * return_url and Stripe's hosted flow ends on its own completion page (issue 8, item 8).
   */
  returnUrl(): string | null;
  /** The origin of the hosted flow, for the navigation and camera permission rules. */
  hostedOrigin(): string;
  /** Resolves once what the last run left unfinished has been reconciled (tests). */
  reconciled(): Promise<void>;
  /** The embedded simulator while it is the backend: the harness and tests cut its network. */
  simulator(): L | null;
  close(): Promise<void>;
}

export async function createAppCore<L extends LocalApi>(deps: AppCoreDeps<L>): Promise<AppCore<L>> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger;
  const kiosk = deps.kiosk ?? false;
  const service = deps.keychainService ?? DEFAULT_SERVICE;
  const events = createAppEvents(logger);

  const settings = openSettings(deps.storeFactory);
  if (settings.damaged) logger.warn('settings: unreadable; using the defaults');
  const seal = await loadSealKey(deps.keychain, service);
  if (!seal.durable && deps.keychain) logger.warn('keychain: could not keep the outbox seal key');
  const initialNotice: StoreNotice | null = settings.damaged
    ? { code: 'settings_defaults', params: {} }
    : !seal.durable && deps.keychain
      ? { code: 'seal_key_not_kept', params: {} }
      : null;
  // No default: an address nobody can reach left a phone that finished the QR flow on an error
  // page. Unset, Stripe ends its flow on its own "you're done" page; the customer window moves on
  // when the watcher sees the submission (customerShouldReturn).
  const returnUrl = (): string | null => deps.returnUrl ?? settings.current().returnUrl ?? null;

  const connectivity = createConnectivity({
    clock,
    ...(deps.probeIntervalMs ? { probeMinMs: deps.probeIntervalMs } : {}),
  });
  let host: BackendHost<L> | null = null;
  const appStatus = createAppStatus({
    host: () => host,
    connectivity,
    events,
    logger,
    station: deps.station,
    kiosk,
    version: deps.version,
    initialNotice,
  });
  const customer = createCustomerScreen({
    clock,
    kiosk,
    idleResetSeconds: () => settings.current().idleResetSeconds,
    online: connectivity.online,
    language: () => settings.current().language,
    // --- Kiosk: mid-flow screens time out by the walk-away (which cancels), not the idle reset.
    heldByWalkAway: (screen) =>
      kiosk && settings.current().kioskWalkAwaySeconds > 0 && WALK_AWAY_SCREENS.has(screen),
    onChange: (screen) => {
      if (screen.screen === 'welcome' && lastScreen !== 'welcome') journal?.newCustomer();
      lastScreen = screen.screen;
      events.emit('customer.changed', screen);
      walkAway?.screenChanged(screen.screen);
    },
  });
  let lastScreen: string = 'welcome';
  let walkAway: WalkAway | null = null;
  let journal: KioskJournal | null = null;
  const verifications = createVerifications({
    backend: () => host!.current(),
    events,
    customer,
    connectivity,
    clock,
    settings: settings.current,
    returnUrl,
    station: deps.station,
    logger: logger.child('sessions'),
  });

  const vault = deps.keychain ? createVault({ keychain: deps.keychain, service }) : null;
  const hubCredentials = deps.keychain ? createHubCredentials({ keychain: deps.keychain, service }) : null;
  host = await startBackendHost<L>({
    vault,
    hubCredentials,
    logger,
    open: {
      storeFactory: deps.storeFactory,
      clock,
      logger: logger.child('backend'),
      connectivity,
      settings: settings.current,
      returnUrl,
      station: deps.station,
      sealKey: seal.key,
      startLocal: deps.startSimulator,
      apiTarget: deps.apiTarget,
      appVersion: deps.version,
      ...(deps.hubLink ? { hubLink: deps.hubLink } : {}),
      hooks: {
        onUpdate: (b: Backend, update) => verifications.applyUpdate(b, update),
        onOutboxItem: (b: Backend, item) => verifications.applyOutboxItem(b, item),
        onRecordChanged: (b: Backend, clientReferenceId) => verifications.announce(b, clientReferenceId),
        onQueueCount: () => appStatus.announce(),
        onProblem: (problem) => appStatus.noteProblem(problem),
        onHubChanged: () => appStatus.announce(),
      },
    },
    onSwitched: (backend) => {
      connectivity.setProbe(() => backend.gateway.ping());
      connectivity.report(true);
      customer.reset();
      appStatus.announce();
    },
  });
  connectivity.setProbe(() => host!.current().gateway.ping());
  const stopFollowingConnectivity = connectivity.onChange((online) => {
    logger.info(online ? 'Stripe answers again' : 'Stripe does not answer; asking again on a timer');
    if (online) host?.current().outbox.notifyOnline();
    customer.refresh();
    appStatus.announce();
  });

  const context: HandlerContext = {
    host,
    verifications,
    customer,
    settings,
    appStatus,
    connectivity,
    vault,
    hubCredentials,
    version: deps.version,
    clock,
    kiosk,
    station: deps.station,
    windowErrors: createWindowErrorLog({ logger: logger.child('renderer'), clock }),
  };
  // --- Kiosk (issue 9): the staff PIN, the journal staff read, and the walk-away.
  const kioskStore = openSmallStore(deps.storeFactory, 'kiosk');
  if (kioskStore.damaged) logger.warn('kiosk store: unreadable; the staff PIN must be set again');
  const staffPin = createStaffPin({ store: kioskStore.store, clock });
  const kioskJournal = createKioskJournal(kioskStore.store, clock);
  journal = kioskJournal;
  if (kiosk) {
    walkAway = createWalkAway({
      clock,
      customer,
      idleSeconds: () => settings.current().kioskWalkAwaySeconds,
      sessionStatus: (id) => host!.current().records.getBySessionId(id)?.status ?? null,
      cancel: async (id) => {
        host!.current().timelines.add(id, WALK_AWAY_CANCEL_REASON, clock.now());
        await verifications.cancel(id);
      },
      walkedAway: (id, canceled) => {
        if (canceled) kioskJournal.add(WALK_AWAY_CANCEL_REASON, id);
      },
      logger: logger.child('kiosk'),
    });
  }

  const handlers: ContractHandlers = withActivity(connectivity, {
    ...appAndSettingsHandlers(context),
    ...keyHandlers(context),
    ...sessionHandlers(context),
    ...customerHandlers(context),
    ...historyAndOutboxHandlers(context),
    ...kioskHandlers(context, {
      pin: staffPin,
      journal: kioskJournal,
      events,
      logger: logger.child('kiosk'),
    }),
    ...hubHandlers(context),
    ...diagnosticsHandlers(context, deps.diagnostics ?? { platform: {}, logTail: async () => [] }),
  });

  // A new walk-away time applies to the screen shown now.
  const updateSettings = handlers['settings.update'];
  handlers['settings.update'] = async (patch, caller) => {
    const updated = await updateSettings(patch, caller);
    customer.refresh();
    walkAway?.refresh();
    return updated;
  };
  // In the harness the customer page's own calls are its input (main also feeds input-event).
  const customerActive = () => walkAway?.noteActivity();
  for (const name of Object.keys(handlers) as Array<keyof ContractHandlers>) {
    if (!(name.startsWith('customer.') || name.startsWith('kiosk.'))) continue;
    const handler = handlers[name] as (a: never, c: { window: string }) => Promise<unknown>;
    (handlers as Record<string, unknown>)[name] = (args: never, caller: { window: string }) => {
      if (caller?.window === 'customer') customerActive();
      return handler(args, caller);
    };
  }

  // Retention is applied daily too, not only at start: a kiosk may run for months.
  const retentionTimer = setInterval(() => host?.current().history.pruneExpired(), 24 * 60 * 60 * 1000);
  retentionTimer.unref?.();

  return {
    handlers,
    on: (event, listener) => events.on(event, listener as never),
    onOpenHostedFlow: (listener) => events.on('hosted-flow.open', listener),
    customerReturned: () => verifications.customerReturned(),
    customerActivity: () => walkAway?.noteActivity(),
    settings: () => settings.current(),
    customerLanguage: () => customer.screen().chosenLanguage ?? settings.current().language,
    onKioskUnlocked: (listener) => events.on('kiosk.unlocked', () => listener()),
    windowsShowing: (showing) => connectivity.setWindowShowing(showing),
    networkChanged: () => connectivity.networkChanged(),
    returnUrl,
    hostedOrigin: () => host!.current().local?.url ?? STRIPE_HOSTED_ORIGIN,
    simulator: () => host!.current().local,
    reconciled: () => host!.current().reconciled,
    close: async () => {
      clearInterval(retentionTimer);
      stopFollowingConnectivity();
      customer.close();
      walkAway?.close();
      connectivity.close();
      await host!.close();
      events.clear();
    },
  };
}

/** Every call from a window says someone is using the app (the connectivity heartbeat's cue). */
function withActivity(connectivity: Connectivity, handlers: ContractHandlers): ContractHandlers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = (args: never, caller: never) => {
      connectivity.noteActivity();
      return (handler as (a: never, c: never) => Promise<unknown>)(args, caller);
    };
  }
  return wrapped as unknown as ContractHandlers;
}
