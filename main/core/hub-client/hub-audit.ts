/**
 * The station's audit trail, uploaded to its hub (issue 19: "synced to the hub exactly once,
 * offline-safe"). The hub keeps one entry per (station, seq) and answers `held`, how far it holds
 * the trail without a gap from the batch's first entry; the station keeps that seq (`hubAuditHeld`
 * in the hub backend's store, written only after the hub answered) and sends what comes after it
 * next, oldest first, in small batches.
 *
 * A crash between the POST and saving the answer resends that batch after the restart: the hub
 * keeps what it already has, so each entry is still held once. While the hub cannot be reached,
 * sends are retried with backoff (and on each heartbeat, stream connect and return online). Entries
 * dropped by retention before they were sent are skipped: the next batch starts at the oldest one
 * kept. A batch the hub refuses as invalid (400) is sent again one entry at a time, and an entry
 * refused alone is skipped (logged by seq), so one bad entry never blocks the rest.
 */
import {
  AUDIT_BATCH_MAX,
  auditAnswerSchema,
  auditBatchSchema,
  HUB_PATHS,
} from '../../../contract/hub-api.ts';
import type { AuditEntry } from '../../../contract/staff.ts';
import { backoffDelay, type BackoffPolicy } from '../../../base/backoff.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KeyValueStore } from '../storage/index.ts';
import { hubEndpoint, type HubConnection } from './hub-credentials.ts';
import type { Revocation } from './hub-gateway.ts';
import { refusesStation } from './hub-gateway.ts';

/** Where the seq the hub holds the trail up to is kept, beside the watcher's state. */
export const AUDIT_HELD_KEY = 'hubAuditHeld';
/** Entries per POST: small, so a slow link still gets each batch through. */
export const AUDIT_BATCH_SIZE = 20;
const RETRY: BackoffPolicy = { baseMs: 2000, maxMs: 5 * 60_000 };
const TIMEOUT_MS = 8000;

export interface HubAuditUpload {
  /** Sends what the hub does not hold yet; resolves when this send (and any it waited for) is over. */
  flush(): Promise<void>;
  /** The seq the hub holds the trail up to, as last answered (0 before any). */
  held(): number;
  stop(): void;
}

export interface HubAuditUploadOptions {
  connection: HubConnection;
  /** The hub backend's store (the held seq is kept there). */
  store: KeyValueStore;
  /** The trail's entries after `seq`, oldest first. */
  entriesAfter(seq: number): readonly AuditEntry[];
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  logger: Logger;
  revocation: Revocation;
  batchSize?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
}

type Outcome = { kind: 'held'; held: number } | { kind: 'refused' } | { kind: 'later' };

async function post(
  connection: HubConnection,
  entries: readonly AuditEntry[],
): Promise<Outcome & { revoked?: boolean }> {
  const response = await fetch(hubEndpoint(connection.url, HUB_PATHS.audit), {
    method: 'POST',
    headers: { Authorization: `Bearer ${connection.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ entries }),
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const json = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  if (response.ok) {
    const answer = auditAnswerSchema.safeParse(json);
    return answer.success ? { kind: 'held', held: answer.data.held } : { kind: 'later' };
  }
  if (refusesStation(response.status, json?.error?.code)) return { kind: 'later', revoked: true };
  if (response.status === 400) return { kind: 'refused' };
  return { kind: 'later' }; // 429, 5xx: the hub is there but busy
}

export function createHubAuditUpload(o: HubAuditUploadOptions): HubAuditUpload {
  const { connection, store, logger, clock } = o;
  const size = Math.max(1, Math.min(o.batchSize ?? AUDIT_BATCH_SIZE, AUDIT_BATCH_MAX));
  const readHeld = (): number => {
    const value = store.get(AUDIT_HELD_KEY);
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
  };
  let held = readHeld();
  let failures = 0;
  let retry: unknown = null;
  let stopped = false;
  /** After a refused batch: one entry at a time until that batch is past. */
  let singleUntil = 0;

  const keep = (seq: number) => {
    if (seq <= held) return;
    held = seq;
    try {
      store.set(AUDIT_HELD_KEY, seq);
    } catch {
      // Not saved: a restart sends these again, and the hub keeps each entry once.
    }
  };

  /** One batch; true when there may be more to send now. */
  const sendOne = async (): Promise<boolean> => {
    const pending = o.entriesAfter(held);
    if (pending.length === 0) return false;
    const batch = pending.slice(0, held < singleUntil ? 1 : size);
    if (!auditBatchSchema.safeParse({ entries: batch }).success) {
      // Cannot happen for entries the trail parsed; never send what the hub must refuse.
      logger.warn('hub: audit entries not sendable; skipped', { from: batch[0]!.seq, to: batch.at(-1)!.seq });
      keep(batch.at(-1)!.seq);
      return true;
    }
    let outcome: Outcome & { revoked?: boolean };
    try {
      outcome = await post(connection, batch);
    } catch {
      outcome = { kind: 'later' }; // unreachable
    }
    if (outcome.revoked) o.revocation.mark();
    if (outcome.kind === 'later') throw new Error('later');
    if (outcome.kind === 'refused') {
      if (batch.length > 1) {
        singleUntil = batch.at(-1)!.seq;
        return true;
      }
      logger.warn('hub: an audit entry was refused as invalid; skipped', { seq: batch[0]!.seq });
      keep(batch[0]!.seq);
      return true;
    }
    // The hub holds from the batch's first entry up to `held`; an answer below it is not progress.
    if (outcome.held < batch[0]!.seq) throw new Error('later');
    keep(outcome.held);
    return true;
  };

  const scheduleRetry = () => {
    if (stopped || retry !== null) return;
    failures += 1;
    retry = clock.setTimeout(
      () => {
        retry = null;
        void flush();
      },
      backoffDelay(failures, o.backoff ?? RETRY, o.random),
    );
  };

  let running: Promise<void> | null = null;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      try {
        while (!stopped && !o.revocation.revoked() && (await sendOne()));
        failures = 0;
      } catch {
        scheduleRetry();
        return;
      }
    } while (again);
  };
  const flush = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    if (retry !== null) {
      clock.clearTimeout(retry);
      retry = null;
    }
    running = run()
      .catch(() => logger.warn('hub: the audit upload stopped'))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    flush,
    held: () => held,
    stop() {
      stopped = true;
      if (retry !== null) clock.clearTimeout(retry);
      retry = null;
    },
  };
}
