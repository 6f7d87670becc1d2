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
import { managedView, type EffectivePolicy } from '../../contract/policy.ts';
import type { HubRoster } from '../../contract/hub-staff.ts';
import { systemClock, type Clock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import {
  createAppEvents,
  createAutoRedaction,
  createAppStatus,
  createVerifications,
  createWindowErrorLog,
  startNotice,
  startRetentionRounds,
  type AppCore,
  type DiagnosticsSource,
} from './app/index.ts';
import { openStationAudit } from './audit/index.ts';
import { createBackendHost, type LocalApi } from './backend/index.ts';
import { createCustomerScreen } from './customer/index.ts';
import { createHandlers } from './handlers/index.ts';
import { createHubCredentials, type HubLinkOptions } from './hub-client/index.ts';
import { DEFAULT_SERVICE, createVault, loadSealKey, type Keychain } from './keychain/index.ts';
import {
  WALK_AWAY_CANCEL_REASON,
  WALK_AWAY_SCREENS,
  createKioskJournal,
  createKioskUnlock,
  createStaffPin,
  createWalkAway,
  followCustomerScreen,
} from './kiosk/index.ts';
import { openStationStaff } from './staff/index.ts';
import { openSettings, openSmallStore, type StoreFactory } from './storage/index.ts';
import { createUpdatesModel, updateFeed } from './updates/index.ts';
import { createConnectivity, type ApiTarget } from './stripe/index.ts';

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

export async function createAppCore<L extends LocalApi>(deps: AppCoreDeps<L>): Promise<AppCore<L>> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger;
  const kiosk = deps.kiosk ?? false;
  const service = deps.keychainService ?? DEFAULT_SERVICE;
  const events = createAppEvents(logger);

  // --- What is on disk and in the keychain.
  const settings = openSettings(deps.storeFactory);
  if (settings.damaged) logger.warn('settings: unreadable; using the defaults');
  const seal = await loadSealKey(deps.keychain, service);
  if (!seal.durable && deps.keychain) logger.warn('keychain: could not keep the outbox seal key');
  // --- Who does what: staff sign-in (off by default) and the hash-chained audit trail.
  const { staff, recovery: staffRecovery } = openStationStaff({
    storeFactory: deps.storeFactory,
    clock,
    logger,
    policyIdleMinutes: () => settings.policy()?.policy.staffIdleMinutes,
  });
  const { audit, broken: auditBreak } = openStationAudit({
    storeFactory: deps.storeFactory,
    clock,
    station: deps.station,
    retentionDays: settings.current().retentionDays,
    logger,
  });
  const initialNotice = startNotice({
    auditBreak,
    settingsDamaged: settings.damaged,
    sealKeyNotKept: !seal.durable && !!deps.keychain,
  });
  const vault = deps.keychain ? createVault({ keychain: deps.keychain, service }) : null;
  const restrictedVault = deps.keychain
    ? createVault({ keychain: deps.keychain, service, kind: 'restricted' })
    : null;
  const hubCredentials = deps.keychain ? createHubCredentials({ keychain: deps.keychain, service }) : null;
  const kioskStore = openSmallStore(deps.storeFactory, 'kiosk');
  if (kioskStore.damaged) logger.warn('kiosk store: unreadable; the staff PIN must be set again');
  const staffPin = createStaffPin({ store: kioskStore.store, clock });
  const journal = createKioskJournal(kioskStore.store, clock);
  // No default: an address nobody can reach left a phone that finished the QR flow on an error
  // page. Unset, Stripe ends its flow on its own "you're done" page; the customer window moves on
  // when the watcher sees the submission (customerShouldReturn).
  const returnUrl = (): string | null => deps.returnUrl ?? settings.current().returnUrl ?? null;

  // --- Whether Stripe answers, and the backend that talks to it (opened at start, below).
  const connectivity = createConnectivity({
    clock,
    ...(deps.probeIntervalMs ? { probeMinMs: deps.probeIntervalMs } : {}),
  });
  const host = createBackendHost<L>({
    vault,
    restrictedVault,
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
      auditEntriesAfter: (seq) => audit.all().filter((e) => e.seq > seq),
      ...(deps.hubLink ? { hubLink: deps.hubLink } : {}),
    },
  });

  // --- What the windows see: the status, the customer screen, the verifications.
  const updates = createUpdatesModel({
    logger: logger.child('updates'),
    onChange: () => appStatus.announce(),
  });
  const appStatus = createAppStatus({
    host,
    connectivity,
    events,
    logger,
    station: deps.station,
    kiosk,
    version: deps.version,
    initialNotice,
    update: updates.state,
  });
  const customer = createCustomerScreen({
    clock,
    kiosk,
    idleResetSeconds: () => settings.current().idleResetSeconds,
    online: connectivity.online,
    language: () => settings.current().language,
    languagesOffered: () => settings.policy()?.policy.languagesOffered ?? null,
    // Kiosk: mid-flow screens time out by the walk-away (which cancels), not the idle reset.
    heldByWalkAway: (screen) =>
      kiosk && settings.current().kioskWalkAwaySeconds > 0 && WALK_AWAY_SCREENS.has(screen),
    onChange: (screen) => events.emit('customer.changed', screen),
  });
  const verifications = createVerifications({
    backend: host.current,
    events,
    customer,
    connectivity,
    clock,
    settings: settings.current,
    policy: settings.policy,
    returnUrl,
    station: deps.station,
    logger: logger.child('sessions'),
  });

  // --- The hub's policy (issue 18): kept with the settings, applied in place, told to staff.
  let settingsApplied = (): void => {};
  const onPolicy = (policy: EffectivePolicy) => {
    if (!settings.applyPolicy(policy)) return;
    if (policy.policy.kioskPinHash && staffPin.adopt(policy.policy.kioskPinHash)) {
      logger.child('kiosk').info('kiosk staff PIN set by the hub');
    }
    logger.info('hub policy applied', { version: policy.version });
    settingsApplied();
    // The idle minutes may be the policy's: the console's staff status says the ones in force.
    events.emit('staff.changed', staff.status());
  };

  // --- The store's staff from the hub's fleet page (issue 19): the members from now on, on record.
  const onRoster = (roster: HubRoster) => {
    if (!staff.applyHubRoster(roster)) return;
    logger.child('staff').info('staff roster set by the hub', { version: roster.version });
    audit.append({
      actor: null,
      action: 'staff.roster',
      outcome: 'ok',
      sessionId: null,
      reference: null,
      reason: null,
      note: null,
      detail: `from the hub: members ${roster.members.length}, version ${roster.version}`,
    });
  };

  // --- Open the backend now that everything that listens to it exists.
  await host.start({
    onPolicy,
    onRoster,
    onUpdate: (b, update) => verifications.applyUpdate(b, update),
    onOutboxItem: (b, item) => verifications.applyOutboxItem(b, item),
    onRecordChanged: (b, clientReferenceId) => verifications.announce(b, clientReferenceId),
    onQueueCount: () => appStatus.announce(),
    onProblem: (problem) => appStatus.noteProblem(problem),
    onHubChanged: () => appStatus.announce(),
    onSwitched: (backend) => {
      connectivity.setProbe(() => backend.gateway.ping());
      connectivity.report(true);
      customer.reset();
      appStatus.announce();
    },
  });
  connectivity.setProbe(() => host.current().gateway.ping());
  const stopFollowingConnectivity = connectivity.onChange((online) => {
    logger.info(online ? 'Stripe answers again' : 'Stripe does not answer; asking again on a timer');
    if (online) host.current().outbox.notifyOnline();
    customer.refresh();
    appStatus.announce();
  });

  // --- Kiosk (issue 9): the walk-away, and the journal's "new customer" mark.
  const walkAway = kiosk
    ? createWalkAway({
        clock,
        customer,
        idleSeconds: () => settings.current().kioskWalkAwaySeconds,
        sessionStatus: (id) => host.current().records.getBySessionId(id)?.status ?? null,
        cancel: async (id) => {
          host.current().timelines.add(id, WALK_AWAY_CANCEL_REASON, clock.now());
          await verifications.cancel(id);
        },
        walkedAway: (id, canceled) => {
          if (canceled) journal.add(WALK_AWAY_CANCEL_REASON, id);
        },
        logger: logger.child('kiosk'),
      })
    : null;
  const stopFollowingScreen = followCustomerScreen(
    (listener) => events.on('customer.changed', listener),
    journal,
    walkAway,
  );
  settingsApplied = () => {
    const s = settings.current();
    const backend = host.current();
    backend.watcher.setIntervals(s.fastIntervalMs, s.slowIntervalMs);
    backend.history.setRetentionDays(s.retentionDays);
    backend.history.pruneExpired();
    customer.refresh();
    walkAway?.refresh();
    events.emit('settings.changed', { settings: s, managed: managedView(settings.policy()) });
    appStatus.announce();
  };
  const stopFollowingStaff = staff.onChange((status) => events.emit('staff.changed', status));

  const handlers = createHandlers({
    host,
    verifications,
    customer,
    settings,
    settingsApplied: () => settingsApplied(),
    appStatus,
    connectivity,
    vault,
    restrictedVault,
    staff,
    staffRecovery,
    audit,
    hubCredentials,
    version: deps.version,
    clock,
    kiosk,
    station: deps.station,
    logger,
    windowErrors: createWindowErrorLog({ logger: logger.child('renderer'), clock }),
    staffPin,
    unlockKiosk: createKioskUnlock({
      pin: staffPin,
      journal,
      clock,
      logger: logger.child('kiosk'),
      sessionOnScreen: () => customer.sessionId(),
      onUnlocked: () => events.emit('kiosk.unlocked', null),
    }),
    journal,
    walkAway,
    diagnostics: deps.diagnostics ?? { platform: {}, logTail: async () => [] },
  });

  // Redaction at Stripe by the settings' `redactAfterDays` (issue 18): hourly, a batch a round.
  const autoRedaction = createAutoRedaction({
    backend: host.current,
    verifications,
    days: () => settings.current().redactAfterDays,
    clock,
    logger: logger.child('retention'),
  });
  const stopRetentionRounds = startRetentionRounds({
    prune: () => {
      host.current().history.pruneExpired();
      audit.prune(settings.current().retentionDays);
    },
    redact: () => autoRedaction.run(),
  });

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
    hostedOrigin: () => host.current().local?.url ?? STRIPE_HOSTED_ORIGIN,
    simulator: () => host.current().local,
    reconciled: () => host.current().reconciled,
    redactDue: () => autoRedaction.run(),
    updates: {
      feed: async () => {
        const hub = (await hubCredentials?.read().catch(() => null)) ?? null;
        return updateFeed(hub, settings.current().updateFeedUrl ?? null);
      },
      openVerifications: () =>
        host.current().watcher.tracked().length + (customer.screen().screen === 'welcome' ? 0 : 1),
      report: updates.report,
    },
    close: async () => {
      stopRetentionRounds();
      stopFollowingConnectivity();
      stopFollowingScreen();
      stopFollowingStaff();
      staff.close();
      customer.close();
      walkAway?.close();
      connectivity.close();
      await host.close();
      events.clear();
    },
  };
}
