/**
 * The app's log file, for a support person: electron-log's file transport in the platform's logs
 * folder, rotated at a size, with every line (the app's Logger, captured console output, errors)
 * passed through the core's `redact` in a hook before any transport sees it.
 *
 * This module takes the logs folder as an argument and never imports electron: main.ts hands it
 * `app.getPath('logs')`, and the tests run the very same setup under plain Node. It uses
 * electron-log's Node entry, not `electron-log/main`: the main entry binds its own
 * `__ELECTRON_LOG__` IPC channels at import, which would be IPC outside the contract (see
 * docs/security.md, item 17). Main's file logging is the same transport either way.
 */
import electronLog from 'electron-log/node';
import { renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatWithOptions } from 'node:util';
import { createLogger, redact, type Logger, type LogLevel } from '../../base/logger.ts';

export const LOG_FILE_NAME = 'main.log';
/** Rotated at 5 MB; the two previous files are kept (main.1.log, main.2.log): 15 MB at most. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP_PREVIOUS = 2;
const TAIL_MAX_LINES = 10_000;

export interface AppLogOptions {
  /** The logs folder; a function so Electron is asked only when the first line is written. */
  directory: string | (() => string);
  /** Development builds also print to the terminal. */
  development: boolean;
  /** Route console.log/info/warn/error/debug into the log (redacted like everything else). */
  captureConsole?: boolean;
  maxBytes?: number;
  keepPrevious?: number;
}

export interface AppLog {
  logger: Logger;
  logFilePath(): string;
  /** The last `n` lines of the log (older files too when the current one is short), redacted. */
  readLogTail(n: number): Promise<string[]>;
  /** Gives console back (tests; the app keeps it to the end). */
  close(): void;
}

/** `main.log` → `main.1.log` → … → `main.<keep>.log`; the oldest is dropped. */
export function previousLogPath(current: string, index: number): string {
  const { dir, name, ext } = path.parse(current);
  return path.join(dir, `${name}.${index}${ext}`);
}

export function rotateLogFiles(current: string, keep: number): void {
  rmSync(previousLogPath(current, keep), { force: true });
  for (let i = keep - 1; i >= 1; i -= 1) {
    try {
      renameSync(previousLogPath(current, i), previousLogPath(current, i + 1));
    } catch {
      // That generation does not exist yet.
    }
  }
  renameSync(current, previousLogPath(current, 1));
}

/** What one log call says, as one redacted string: errors with their stack, objects inspected. */
export function redactedText(data: readonly unknown[]): string {
  return redact(formatWithOptions({ depth: 5, breakLength: Infinity, colors: false }, ...data));
}

let instances = 0;

export function createAppLog(options: AppLogOptions): AppLog {
  const directory = () => (typeof options.directory === 'function' ? options.directory() : options.directory);
  const keep = options.keepPrevious ?? LOG_KEEP_PREVIOUS;
  instances += 1;
  const log = electronLog.create({ logId: `countersign-${instances}` });

  // The one hook every transport goes through: nothing reaches a file or the terminal unredacted.
  log.hooks.push((message) => ({ ...message, scope: undefined, data: [redactedText(message.data)] }));

  const file = log.transports.file;
  file.level = 'info';
  file.sync = true; // a line is on disk before the call returns: nothing lost in a crash
  file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  file.format = '[{iso}] [{level}] {text}';
  file.resolvePathFn = () => path.join(directory(), LOG_FILE_NAME);
  file.archiveLogFn = (current) => {
    try {
      rotateLogFiles(current.path, keep);
    } catch {
      // Cannot rename (a file held open on Windows): start it afresh rather than grow forever.
      current.clear();
    }
  };
  log.transports.console.level = options.development ? 'info' : false;
  log.transports.console.format = '{h}:{i}:{s}.{ms} [{level}] {text}';

  const logger = createLogger((level: LogLevel, line: string) => log[level](line));

  const original = { ...console };
  if (options.captureConsole) {
    const route =
      (level: LogLevel) =>
      (...args: unknown[]) =>
        log[level](`console: ${redactedText(args)}`);
    Object.assign(console, {
      log: route('info'),
      info: route('info'),
      debug: route('info'),
      warn: route('warn'),
      error: route('error'),
    });
  }

  const logFilePath = () => path.join(directory(), LOG_FILE_NAME);

  return {
    logger,
    logFilePath,
    async readLogTail(n) {
      const wanted = Math.max(0, Math.min(Math.floor(n), TAIL_MAX_LINES));
      if (wanted === 0) return [];
      const current = logFilePath();
      const files = [current, ...Array.from({ length: keep }, (_, i) => previousLogPath(current, i + 1))];
      let lines: string[] = [];
      for (const name of files) {
        let text: string;
        try {
          text = await readFile(name, 'utf8');
        } catch {
          continue;
        }
        lines = [...text.split(/\r?\n/).filter((l) => l !== ''), ...lines];
        if (lines.length >= wanted) break;
      }
      // Redacted again on the way out: a file written by an older version may predate a rule.
      return lines.slice(-wanted).map(redact);
    },
    close() {
      Object.assign(console, original);
    },
  };
}
