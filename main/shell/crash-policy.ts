/**
 * What main does when a window's renderer crashes, hangs or fails to load, and when main itself
 * throws. Pure: facts in (the event, the window, the times of its previous reloads, the clock as
 * a number), an action and a log entry out; main.ts carries the action out. No Electron at run
 * time, so every rule is unit-tested with timestamps as data.
 *
 * | event                                              | action                                                    |
 * | -------------------------------------------------- | --------------------------------------------------------- |
 * | `render-process-gone`, `clean-exit`                | nothing: not a crash                                      |
 * | anything while the app quits or closes the window  | nothing                                                   |
 * | `render-process-gone`, any other reason            | reload: customer → welcome, staff → the page it showed    |
 * | `render-process-gone`, `integrity-failure`         | give up at once: the same code would fail the same way    |
 * | `did-fail-load` of an app page, main frame         | reload, as a crash (ERR_ABORTED and subframes: nothing)   |
 * | `unresponsive`                                     | wait UNRESPONSIVE_GRACE_MS                                |
 * | `responsive`                                       | stop waiting                                              |
 * | still unresponsive after the wait                  | kill the renderer; the `render-process-gone` that follows |
 * |                                                    | reloads it (counted once)                                 |
 * | a reload when RELOAD_LIMIT were made in the last   | give up: the crash page, with "Restart Countersign"       |
 * | RELOAD_WINDOW_MS                                   |                                                           |
 * | the crash page itself crashes or fails to load     | the native restart dialog (no web content at all)         |
 * | main: `uncaughtException`/`unhandledRejection`     | log and keep running, unless fatal (decideMainError)      |
 */
import type { WindowKind } from '../../contract/ipc.ts';
import type { LogFields } from '../../base/logger.ts';
import { APP_ORIGIN, isAppUrl, parseUrl } from './origins.ts';

/** Reloads allowed within RELOAD_WINDOW_MS; the next crash shows the crash page. */
export const RELOAD_LIMIT = 3;
export const RELOAD_WINDOW_MS = 60_000;
/** How long a hung page gets before its renderer is killed and the page reloaded. */
export const UNRESPONSIVE_GRACE_MS = 10_000;

/** A static page, no script (renderer/public/crash.html), served under the app's CSP. */
export const CRASH_PAGE = `${APP_ORIGIN}/crash.html`;
/** The crash page's only link; main intercepts it, from the crash page only. */
export const RESTART_URL = `${APP_ORIGIN}/restart`;

export type RenderGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

export type WindowEvent =
  | { type: 'render-process-gone'; reason: RenderGoneReason; exitCode: number }
  | { type: 'unresponsive' }
  | { type: 'responsive' }
  /** The grace period ran out and the page has not answered since. */
  | { type: 'unresponsive-timeout' }
  | { type: 'did-fail-load'; errorCode: number; url: string; isMainFrame: boolean };

export interface WindowFacts {
  kind: WindowKind;
  /** The page the window opens on (`#/staff`, `#/customer`): the customer's welcome screen. */
  homePage: string;
  /** What the window shows now (the hosted flow, an app page, the crash page). */
  currentUrl: string;
  /** The last app page it showed, hash included (the staff console's view); null if none yet. */
  lastAppUrl: string | null;
  /** When this kind of window was reloaded after a crash before (ms). */
  reloads: readonly number[];
  now: number;
  /** The app is quitting, or closed this window itself. */
  closing: boolean;
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: LogFields;
}

export type WindowAction =
  | { do: 'nothing'; log: LogEntry | null }
  | { do: 'wait'; ms: number; log: LogEntry }
  | { do: 'stop-waiting'; log: LogEntry }
  | { do: 'kill-renderer'; log: LogEntry }
  | {
      do: 'reload';
      url: string;
      /** The reload history to keep, this reload included. */
      reloads: number[];
      /** The customer was on the hosted flow: the core should look at the session. */
      customerReturned: boolean;
      log: LogEntry;
    }
  | { do: 'show-crash-page'; url: string; reloads: number[]; log: LogEntry }
  | { do: 'restart-dialog'; log: LogEntry };

/** The page to bring a window back to: customers start again, staff keep their view. */
export function reloadUrlFor(kind: WindowKind, homePage: string, lastAppUrl: string | null): string {
  if (kind === 'customer') return homePage;
  if (lastAppUrl !== null && isAppUrl(lastAppUrl) && !isCrashPage(lastAppUrl) && !isRestartUrl(lastAppUrl)) {
    return lastAppUrl;
  }
  return homePage;
}

function samePage(value: string | null, page: string): boolean {
  const url = parseUrl(value);
  const target = new URL(page);
  return url !== null && isAppUrl(value) && url.pathname === target.pathname;
}

export function isCrashPage(url: string | null): boolean {
  return samePage(url, CRASH_PAGE);
}

export function isRestartUrl(url: string | null): boolean {
  return samePage(url, RESTART_URL);
}

/** Only the crash page's own link restarts the app: a hosted page linking there gets a 404. */
export function isRestartRequest(fromUrl: string, toUrl: string): boolean {
  return isCrashPage(fromUrl) && isRestartUrl(toUrl);
}

function nothing(log: LogEntry | null = null): WindowAction {
  return { do: 'nothing', log };
}

/** A crash (or an app page that failed to load): reload, unless it keeps happening. */
function recover(facts: WindowFacts, why: LogFields, giveUpAtOnce = false): WindowAction {
  const fields = { window: facts.kind, ...why };
  if (isCrashPage(facts.currentUrl)) {
    return { do: 'restart-dialog', log: { level: 'error', message: 'the crash page failed too', fields } };
  }
  const recent = facts.reloads.filter((t) => facts.now - t >= 0 && facts.now - t < RELOAD_WINDOW_MS);
  if (giveUpAtOnce || recent.length >= RELOAD_LIMIT) {
    return {
      do: 'show-crash-page',
      url: CRASH_PAGE,
      reloads: recent,
      log: {
        level: 'error',
        message: giveUpAtOnce
          ? 'cannot recover: showing the crash page'
          : 'reload loop: showing the crash page',
        fields: { ...fields, reloadsInWindow: recent.length, windowMs: RELOAD_WINDOW_MS },
      },
    };
  }
  const url = reloadUrlFor(facts.kind, facts.homePage, facts.lastAppUrl);
  return {
    do: 'reload',
    url,
    reloads: [...recent, facts.now],
    customerReturned: facts.kind === 'customer' && !isAppUrl(facts.currentUrl),
    log: {
      level: 'warn',
      message: 'reloading',
      // The hash is the view (`#/staff`); nothing else of an app URL is worth the space.
      fields: { ...fields, to: new URL(url).hash || '/', reload: recent.length + 1, of: RELOAD_LIMIT },
    },
  };
}

export function decideWindowEvent(event: WindowEvent, facts: WindowFacts): WindowAction {
  if (facts.closing) return nothing();
  switch (event.type) {
    case 'render-process-gone':
      if (event.reason === 'clean-exit') {
        return nothing({
          level: 'info',
          message: 'renderer exited cleanly',
          fields: { window: facts.kind },
        });
      }
      return recover(
        facts,
        { event: 'render-process-gone', reason: event.reason, exitCode: event.exitCode },
        event.reason === 'integrity-failure',
      );
    case 'did-fail-load':
      // ERR_ABORTED: another navigation replaced this one. Subframes and the hosted flow are
      // not the app's pages (the customer window's own handler brings it back from the latter).
      if (!event.isMainFrame || event.errorCode === -3 || !isAppUrl(event.url)) return nothing();
      return recover(facts, { event: 'did-fail-load', errorCode: event.errorCode });
    case 'unresponsive':
      return {
        do: 'wait',
        ms: UNRESPONSIVE_GRACE_MS,
        log: {
          level: 'warn',
          message: 'unresponsive: waiting',
          fields: { window: facts.kind, graceMs: UNRESPONSIVE_GRACE_MS },
        },
      };
    case 'responsive':
      return {
        do: 'stop-waiting',
        log: { level: 'info', message: 'responsive again', fields: { window: facts.kind } },
      };
    case 'unresponsive-timeout':
      return {
        do: 'kill-renderer',
        log: {
          level: 'error',
          message: 'still unresponsive: ending the renderer',
          fields: { window: facts.kind, graceMs: UNRESPONSIVE_GRACE_MS },
        },
      };
  }
}

// --- main's own errors ------------------------------------------------------------------------

export type MainErrorKind = 'uncaughtException' | 'unhandledRejection';

export interface MainErrorDecision {
  /** Main cannot go on usefully: ask to restart (main.ts shows the native dialog). */
  fatal: boolean;
  log: LogEntry;
}

/**
 * Error codes after which main is left unusable. Out of file handles (EMFILE/ENFILE): no store,
 * log, page or keychain call can open a file any more, so every later action fails too. Out of
 * memory for a buffer: the next allocation fails the same way. Everything else (a failed request,
 * a store problem, a bug in one handler) is logged and main keeps running: the windows, the
 * outbox and the watcher are worth more alive than restarted, and the core reports its own
 * failures as typed errors.
 */
const FATAL_CODES = new Set(['EMFILE', 'ENFILE', 'ERR_BUFFER_TOO_LARGE']);

function errorFacts(error: unknown): {
  name: string;
  code: string | undefined;
  message: string;
  stack: string;
} {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      code: typeof code === 'string' ? code : undefined,
      message: error.message.slice(0, 500),
      // The first frames are what support needs; the log redacts whatever a message carried.
      stack: (error.stack ?? '').split('\n').slice(1, 6).join(' | ').slice(0, 1500),
    };
  }
  return { name: typeof error, code: undefined, message: String(error).slice(0, 500), stack: '' };
}

export function decideMainError(kind: MainErrorKind, error: unknown): MainErrorDecision {
  const facts = errorFacts(error);
  const fatal =
    (facts.code !== undefined && FATAL_CODES.has(facts.code)) ||
    (facts.name === 'RangeError' && facts.message.startsWith('Array buffer allocation failed'));
  return {
    fatal,
    log: {
      level: 'error',
      message: fatal ? `${kind}: main cannot go on, asking to restart` : `${kind}: logged, still running`,
      fields: {
        error: facts.name,
        code: facts.code,
        message: facts.message,
        stack: facts.stack || undefined,
      },
    },
  };
}
