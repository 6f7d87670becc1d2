/**
 * electron-updater, thin: the core says where updates come from (the hub's feed with the station
 * token as a request header, or the feed URL in Settings, or none), when to look (a schedule
 * with jitter) and whether the downloaded update may install now (never with a verification
 * open; on a kiosk, never within its opening hours). electron-updater downloads in the
 * background and checks the file's sha512 before it reports it downloaded; a failed or corrupt
 * download is logged and retried at the next check, never installed.
 */
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { systemClock } from '../../base/clock.ts';
import type { Logger } from '../../base/logger.ts';
import { installsWhen, mayInstallNow, UpdateSchedule, type AppCore } from '../core/index.ts';
import { openingNow } from './update-timing.ts';

/** How often a downloaded update asks whether it may install (and when a verification ends). */
const INSTALL_CHECK_MS = 60_000;

export interface UpdaterOptions {
  core: AppCore;
  kiosk: boolean;
  logger: Logger;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const openingAt = (core: AppCore, now: number) => openingNow(core.settings(), now, localZone());

/** Starts looking for updates; returns what stops it. Nothing runs in an unpackaged (dev) app. */
export function wireUpdates(o: UpdaterOptions): () => void {
  if (!app.isPackaged) return () => undefined;
  const { autoUpdater } = electronUpdater;
  const log = o.logger;
  // Its own lines (versions, file names, the feed's host; never the request headers).
  autoUpdater.logger = {
    info: (m?: unknown) => log.info(String(m)),
    warn: (m?: unknown) => log.warn(String(m)),
    error: (m?: unknown) => log.error(String(m)),
    debug: (m: string) => log.debug(m),
  };
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  // The hub's feed is the version the fleet chose: a rollback goes back to the previous one.
  autoUpdater.allowDowngrade = true;
  let ready: string | null = null;
  let offered: string | null = null;

  autoUpdater.on('download-progress', () => {
    if (ready === null) o.core.updates.report({ phase: 'downloading', version: offered, installs: null });
  });
  autoUpdater.on('update-available', (info) => {
    offered = info.version;
  });
  // Emitted only once the file is complete and its sha512 matched the feed's.
  autoUpdater.on('update-downloaded', (info) => {
    ready = info.version;
    o.core.updates.report({
      phase: 'ready',
      version: info.version,
      installs: installsWhen(o.kiosk, openingAt(o.core, Date.now())),
    });
  });
  autoUpdater.on('error', (error: Error & { code?: string }) => {
    o.core.updates.report({ phase: 'failed', version: offered, installs: null, code: error.code ?? null });
  });

  async function check(): Promise<boolean> {
    const feed = await o.core.updates.feed();
    if (!feed) return true; // no hub and no feed URL in Settings: nothing to look for
    autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    // In a header on every request, never in the URL.
    autoUpdater.requestHeaders = feed.headers;
    const result = await autoUpdater.checkForUpdates();
    if (result?.isUpdateAvailable && result.downloadPromise) await result.downloadPromise;
    return true;
  }
  const schedule = new UpdateSchedule(systemClock, () =>
    check().catch((error: unknown) => {
      log.warn('update check failed; retried later', {
        code: (error as { code?: string }).code ?? 'unknown',
      });
      return false;
    }),
  );
  schedule.start();

  const tryInstall = () => {
    if (ready === null) return;
    const decision = mayInstallNow({
      openVerifications: o.core.updates.openVerifications(),
      kiosk: o.kiosk,
      opening: openingAt(o.core, Date.now()),
    });
    if (!decision.install) return;
    log.info('installing the downloaded update', { version: ready });
    // Silent on Windows (per-machine NSIS), and the app starts again after it.
    autoUpdater.quitAndInstall(true, true);
  };
  const timer = setInterval(tryInstall, INSTALL_CHECK_MS);
  timer.unref();
  const stopFollowing = o.core.on('customer.changed', (screen) => {
    if (screen.screen === 'welcome') tryInstall();
  });
  return () => {
    schedule.stop();
    clearInterval(timer);
    stopFollowing();
  };
}
