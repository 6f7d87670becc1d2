/**
 * The diagnostics file staff send to support: what the app is, how it is set up, how its stores
 * are, and what it logged last. Everything in it is safe to send: the key appears masked, and
 * every line — log lines included, though they were redacted when written — passes the same
 * redaction step again, so a line that slipped past one layer is caught by the other.
 */
import type { AppStatus, Settings } from '../../../contract/ipc.ts';
import type { StoreProblem } from '../storage/index.ts';
import { redact } from '../../../base/logger.ts';

/** What the host knows of the machine: versions and platform (never user names or paths). */
export type PlatformFacts = Readonly<Record<string, string>>;

export interface DiagnosticsSource {
  platform: PlatformFacts;
  /** The last `lines` lines of the app's log, oldest first. */
  logTail(lines: number): Promise<string[]>;
}

export interface DiagnosticsInput {
  generatedAt: number;
  status: AppStatus;
  platform: PlatformFacts;
  settings: Settings;
  problems: readonly StoreProblem[];
  counts: { history: number; outbox: number; activeSessions: number };
  outbox: ReadonlyArray<{ queuedAt: number; attempts: number; lastErrorCode: string | null }>;
  logLines: readonly string[];
}

export const DIAGNOSTICS_LOG_LINES = 500;

export function buildDiagnostics(input: DiagnosticsInput): { text: string; filename: string } {
  const { status } = input;
  const iso = (ms: number) => new Date(ms).toISOString();
  const sections: Array<[string, Record<string, unknown> | string]> = [
    [
      'App',
      {
        version: status.version,
        station: status.station,
        kiosk: status.kiosk,
        generated: iso(input.generatedAt),
      },
    ],
    ['Platform', { ...input.platform }],
    [
      'Backend',
      {
        kind: status.backend,
        mode: status.mode,
        key: status.maskedKey ?? 'none stored',
        online: status.online,
        keyProblem: status.keyProblem?.code ?? null,
      },
    ],
    ['Settings', { ...input.settings }],
    [
      'Store health',
      {
        notice: status.storeNotice,
        problems: input.problems.map((p) => ({
          store: p.store,
          recovered: p.recovered,
          code: p.error.code,
          at: iso(p.at),
        })),
      },
    ],
    [
      'Counts',
      {
        ...input.counts,
        queued: input.outbox.map((i) => ({
          queuedAt: iso(i.queuedAt),
          attempts: i.attempts,
          lastErrorCode: i.lastErrorCode,
        })),
      },
    ],
    [`Last ${input.logLines.length} log lines`, input.logLines.join('\n')],
  ];
  const body = sections
    .map(
      ([title, value]) =>
        `== ${title}\n${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}`,
    )
    .join('\n\n');
  const text = body
    .split('\n')
    .map((line) => redact(line))
    .join('\n');
  const stamp = iso(input.generatedAt).slice(0, 19).replace(/[T:]/g, '-');
  return { text: `Countersign diagnostics\n\n${text}\n`, filename: `countersign-diagnostics-${stamp}.txt` };
}
