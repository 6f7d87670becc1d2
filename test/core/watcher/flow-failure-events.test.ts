/**
 * Stripe does not document whether a failure in the hosted flow that leaves the status at
 * requires_input (consent declined, abandoned, unsupported country or device) sends a
 * `requires_input` event. The simulator sends one by default and can be told not to
 * (`eventOnFlowFailure: false`, see docs/simulator.md); the app's watcher must learn the
 * `last_error` either way.
 */
import { ManualClock } from '../../support/manual-clock.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStore } from '../../../main/core/storage/index.ts';
import { createWatcher, type SessionUpdate } from '../../../main/core/watcher/index.ts';
import { startSimulatorBackend, type TestBackend } from '../../support/backend.ts';

for (const eventOnFlowFailure of [true, false]) {
  describe(`a declined consent, ${eventOnFlowFailure ? 'with' : 'without'} a requires_input event`, () => {
    let backend: TestBackend;

    before(async () => {
      backend = await startSimulatorBackend({ processingDelayMs: 5, eventOnFlowFailure });
    });
    after(() => backend.close());

    async function declined() {
      const gateway = backend.gateway();
      const session = await gateway.createSession(
        { type: 'document', client_reference_id: `decline-${eventOnFlowFailure}` },
        `decline-key-${eventOnFlowFailure}`,
      );
      await backend.simulator!.submit(session.id, 'consent_declined');
      return { gateway, id: session.id };
    }

    it(`the simulator ${eventOnFlowFailure ? 'sends' : 'does not send'} the event; the session has the last_error`, async () => {
      const { gateway, id } = await declined();
      const page = await gateway.listEvents({ types: ['identity.verification_session.requires_input'] });
      const events = page.data.filter((e) => (e.data.object as { id: string }).id === id);
      assert.equal(events.length, eventOnFlowFailure ? 1 : 0);
      const session = await gateway.retrieveSession(id);
      assert.equal(session.status, 'requires_input');
      assert.equal(session.last_error?.code, 'consent_declined');
    });

    it('the watcher reports the last_error once the customer is back', async () => {
      const { gateway, id } = await declined();
      // Without the event, only the lag fallback's retrieve can see the error: it compares the
      // error as well as the status.
      const clock = new ManualClock(Date.now());
      const watcher = createWatcher({ gateway, store: new MemoryStore(), lagFallbackMs: 1000, clock });
      const updates: SessionUpdate[] = [];
      watcher.subscribe((u) => updates.push(u));
      watcher.track(id, { inFlow: true, status: 'requires_input' });
      watcher.noteReturned(id);
      await watcher.tick();
      clock.set(clock.now() + 1000);
      await watcher.tick();
      const update = updates.find((u) => u.sessionId === id && u.lastErrorCode !== null);
      assert.equal(update?.lastErrorCode, 'consent_declined');
    });
  });
}
