/**
 * The logger the core writes to. The core never knows where lines go: the app passes one backed
 * by electron-log (main/shell/logging.ts), tests pass one that records.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines carry this scope (e.g. 'watcher', 'outbox', 'ipc'). */
  child(scope: string): Logger;
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

type Level = 'info' | 'warn' | 'error';

/** A logger that formats `scope: message key=value …` lines and hands each to `sink`. */
export function createLogger(sink: (level: Level, line: string) => void, scope?: string): Logger {
  const write = (level: Level) => (message: string, fields?: LogFields) => {
    const parts = [scope ? `${scope}: ${message}` : message];
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value !== undefined) parts.push(`${key}=${String(value)}`);
    }
    sink(level, parts.join(' '));
  };
  return {
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (child) => createLogger(sink, scope ? `${scope}.${child}` : child),
  };
}

/** For tests: keeps every line. */
export function createRecordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(
    createLogger((_level, line) => lines.push(line)),
    { lines },
  );
}
