/**
 * One mapping from a Stripe status to the app's, used everywhere: a status this app does not
 * know (Stripe adds them) is recorded the same by every path that meets it — the watcher's
 * events, the outbox's creation answer, the start-up reconciliation's look-up, and a staff
 * action's answer. (Before, the watcher said processing and the outbox requires_input.)
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { toSessionStatus } from '../../../contract/session-status.ts';
import { systemClock } from '../../../base/clock.ts';
import type { Gateway, VerificationSession } from '../../../main/core/stripe/index.ts';
import { openOutbox } from '../../../main/core/outbox/index.ts';
import { reconcile } from '../../../main/core/backend/reconcile.ts';
import { openRecords } from '../../../main/core/records/index.ts';
import { createSessions } from '../../../main/core/sessions/index.ts';
import { silentLogger } from '../../../base/logger.ts';
import { MemoryStore } from '../../../main/core/storage/index.ts';
import { createWatcher, type SessionUpdate } from '../../../main/core/watcher/index.ts';
import { startSimulatorBackend, type TestBackend } from '../../support/backend.ts';
import { confStoreFactory, tempStoreDir } from '../../support/conf-store.ts';
import { connectivityFor, createSessionFor } from '../../support/core-parts.ts';

const NEW_STATUS = 'awaiting_review';

/** Stripe as it may answer one day: every session carries a status this app never heard of. */
function withNewStatus(gateway: Gateway): Gateway {
  const renamed = (s: VerificationSession) =>
    ({ ...s, status: NEW_STATUS }) as unknown as VerificationSession;
  return {
    ...gateway,
    createSession: async (p, k) => {
      const made = await gateway.createSession(p, k);
      return { ...renamed(made), replayed: made.replayed };
    },
    retrieveSession: async (id, e) => renamed(await gateway.retrieveSession(id, e)),
    cancelSession: async (id) => renamed(await gateway.cancelSession(id)),
    findSessionsByReference: async (ref, limit) =>
      (await gateway.findSessionsByReference(ref, limit)).map(renamed),
    listEvents: async (params) => {
      const page = await gateway.listEvents(params);
      return {
        ...page,
        data: page.data.map((e) => ({
          ...e,
          data: { ...e.data, object: renamed(e.data.object as VerificationSession) },
        })) as unknown as typeof page.data,
      };
    },
  };
}

describe('an unknown Stripe status', () => {
  let backend: TestBackend;
  const cleanups: Array<() => void> = [];
  before(async () => {
    backend = await startSimulatorBackend();
  });
  after(async () => {
    for (const cleanup of cleanups) cleanup();
    await backend.close();
  });
  const stores = () => {
    const { dir, cleanup } = tempStoreDir('countersign-status-');
    cleanups.push(cleanup);
    const storeFactory = confStoreFactory(dir);
    return { storeFactory, records: openRecords({ storeFactory }) };
  };

  it('maps the same way in the watcher, the outbox, the reconciliation and a cancel', async () => {
    const real = backend.gateway();
    const gateway = withNewStatus(real);
    const seen: Record<string, string> = {};

    // The watcher, from the Events API.
    const watched = await createSessionFor(real, 'Watched');
    const watcher = createWatcher({ gateway, store: new MemoryStore(), clock: systemClock });
    const updates: SessionUpdate[] = [];
    watcher.subscribe((u) => updates.push(u));
    watcher.track(watched, { createdAt: Date.now() - 60_000 });
    await watcher.tick();
    seen.watcher = updates.find((u) => u.sessionId === watched)?.status ?? 'none';

    // The outbox, from the creation's answer.
    const queue = stores();
    const outbox = openOutbox({
      ...queue,
      gateway,
      sealKey: randomBytes(32),
      connectivity: connectivityFor(real),
    });
    const queued = outbox.enqueue({ input: { type: 'document', reference: 'Queued' } });
    await outbox.drain();
    seen.outbox = queue.records.get(queued.clientReferenceId)?.status ?? 'none';

    // The start-up reconciliation, from a look-up by reference.
    const orphan = stores();
    const interrupted = stores();
    const lost = openOutbox({
      ...interrupted,
      gateway: real,
      sealKey: randomBytes(32),
      connectivity: connectivityFor(real),
    });
    const sent = lost.enqueue({ input: { type: 'document', reference: 'Interrupted' } });
    await lost.drain();
    const onStripe = interrupted.records.get(sent.clientReferenceId)!;
    orphan.records.add({ ...onStripe, sessionId: null, status: 'queued' });
    const emptyOutbox = openOutbox({
      storeFactory: orphan.storeFactory,
      records: orphan.records,
      gateway,
      sealKey: randomBytes(32),
      connectivity: connectivityFor(real),
    });
    await reconcile({
      kind: 'stripe',
      gateway,
      records: orphan.records,
      outbox: emptyOutbox,
      watcher: createWatcher({ gateway, store: new MemoryStore() }),
      logger: silentLogger,
      clock: systemClock,
      openedAt: Date.now() + 1,
    }).done;
    seen.reconcile = orphan.records.get(sent.clientReferenceId)?.status ?? 'none';

    // A staff action's answer.
    const sessions = createSessions({
      gateway,
      clock: systemClock,
      maxAttempts: () => 3,
      attempts: { get: () => 0, tryState: () => 'unknown', begin: () => {}, shown: () => {} },
      returnUrl: () => undefined,
      station: 'counter-1',
    });
    seen.cancel = (await sessions.cancel(await createSessionFor(real, 'Canceled'))).status;

    const expected = toSessionStatus(NEW_STATUS);
    assert.equal(expected, 'processing', 'not final, nothing for staff to do yet');
    assert.deepEqual(seen, { watcher: expected, outbox: expected, reconcile: expected, cancel: expected });
  });
});
