/**
 * What the last run left unfinished, made right before anything else happens:
 * - sessions that were active are followed again (catch-up from the cursor, or by retrieve);
 * - a creation that was sent but not recorded (the app stopped mid-request) and is not in the
 *   outbox is looked up by its client_reference_id: recorded if Stripe has it, else marked
 *   failed, so no record stays "queued" forever and no session on Stripe goes unknown;
 * - on the simulator, whose sessions end with the app, earlier sessions are marked as such.
 */
import type { BackendKind } from './backend.ts';
import type { Gateway } from './gateway.ts';
import type { Logger } from './logger.ts';
import type { Outbox } from './outbox.ts';
import type { SessionRecord } from './record-schema.ts';
import type { Records } from './records.ts';
import { factsOf } from './session-facts.ts';
import type { Watcher } from './watcher.ts';

export interface ReconcileParts {
  kind: BackendKind;
  gateway: Gateway;
  records: Records;
  outbox: Outbox;
  watcher: Watcher;
  logger: Logger;
}

export function reconcile({
  kind,
  gateway,
  records,
  outbox,
  watcher,
  logger,
}: ReconcileParts): Promise<void> {
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
      watcher.track(record.sessionId, { status: record.status, createdAt: record.created });
    }
  }
  // Looked up in the background: an unreachable Stripe must not hold up the start.
  return (async () => {
    for (const record of orphans) {
      try {
        const [found] = await gateway.findSessionsByReference(record.clientReferenceId, 1);
        const facts = found ? factsOf(found) : null;
        records.update(
          record.clientReferenceId,
          facts
            ? { sessionId: facts.id, status: facts.status, lastErrorCode: facts.lastErrorCode }
            : { status: 'failed', lastErrorCode: 'not_created' },
        );
        if (facts && (facts.status === 'requires_input' || facts.status === 'processing')) {
          watcher.track(facts.id, { status: facts.status, createdAt: facts.created });
        }
      } catch {
        // Stripe unreachable: left as it is, looked up again at the next start.
        logger.warn('reconcile: an interrupted creation could not be looked up yet');
      }
    }
  })();
}
