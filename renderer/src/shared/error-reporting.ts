/**
 * A window's uncaught errors go to main's log (`app.reportError`), where support can read them:
 * `error` events (window.onerror), unhandled promise rejections, and what the React error
 * boundary catches (ErrorBoundary.tsx).
 *
 * Bounded, and safe whatever happens:
 * - a report carries the error's message and stack only, never a component's props or state or
 *   anything else found on the error object, each cut to the contract's limits
 *   (`ERROR_REPORT_BOUNDS`); a thrown value that is not an Error or a string is named by its type;
 * - the same error again is not sent again, and a page sends at most `MAX_REPORTS` (main rate-limits
 *   per window kind too, and counts what it drops);
 * - reporting never throws and never reports itself: a failed send is dropped, and an error raised
 *   while a report is being made is ignored.
 * main redacts every log line as it writes it.
 */
import type { ErrorReport } from '../../../contract/ipc.ts';
import { ERROR_REPORT_BOUNDS } from '../../../contract/bounds.ts';

export type ErrorSource = ErrorReport['source'];

/** Reports one page sends at most; more would say nothing new. */
export const MAX_REPORTS = 20;

/** `text` cut to `max` UTF-16 units, with … as its last when cut; never half a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function stringProperty(value: unknown, name: string): string | undefined {
  try {
    const property = (value as Record<string, unknown>)[name];
    return typeof property === 'string' ? property : undefined;
  } catch {
    return undefined; // a getter that throws
  }
}

/** The report for a thrown value: its message and stack only, within the contract's bounds. */
export function toErrorReport(source: ErrorSource, thrown: unknown): ErrorReport {
  let message: string;
  let stack: string | undefined;
  if (typeof thrown === 'string') {
    message = thrown;
  } else if (
    thrown !== null &&
    typeof thrown === 'object' &&
    stringProperty(thrown, 'message') !== undefined
  ) {
    const name = stringProperty(thrown, 'name');
    const text = stringProperty(thrown, 'message')!;
    message = name && name !== 'Error' ? `${name}: ${text}` : text;
    stack = stringProperty(thrown, 'stack');
  } else {
    message = `a value that is not an Error was thrown (${thrown === null ? 'null' : typeof thrown})`;
  }
  const report: ErrorReport = { source, message: cut(message, ERROR_REPORT_BOUNDS.message) };
  if (stack !== undefined && stack !== '') report.stack = cut(stack, ERROR_REPORT_BOUNDS.stack);
  return report;
}

export type SendReport = (report: ErrorReport) => Promise<unknown>;

export interface ErrorReporter {
  /** Sends the report for a thrown value, unless it is a repeat or the page's budget is spent. */
  report(source: ErrorSource, thrown: unknown): void;
  /** How many reports this page has sent. */
  readonly sent: number;
}

export function createErrorReporter(send: SendReport, max = MAX_REPORTS): ErrorReporter {
  let sent = 0;
  let last = '';
  let busy = false;
  return {
    report(source, thrown) {
      if (busy || sent >= max) return;
      busy = true;
      try {
        const report = toErrorReport(source, thrown);
        const key = `${report.source}\n${report.message}\n${report.stack ?? ''}`;
        if (key === last) return;
        last = key;
        sent += 1;
        send(report).catch(() => undefined);
      } catch {
        // Reporting is best effort: it never adds an error of its own.
      } finally {
        busy = false;
      }
    },
    get sent() {
      return sent;
    },
  };
}

export interface ErrorEventTarget {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** Listens for the page's uncaught errors and rejections; returns the function that stops it. */
export function reportUncaughtErrors(target: ErrorEventTarget, reporter: ErrorReporter): () => void {
  const onError = (event: Event) => {
    // An ErrorEvent, named by its fields (the same module runs in Node's tests).
    const e = event as Event & { error?: unknown; message?: string };
    // A script from elsewhere gives no error object, only "Script error.".
    reporter.report('error', e.error ?? e.message);
  };
  const onRejection = (event: Event) =>
    reporter.report('unhandledrejection', (event as Event & { reason?: unknown }).reason);
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
