/**
 * 100 creations through the outbox against a simulator that fails a third of the requests
 * (20% 5xx, 10% 429, 5% connection resets) and slows some down: all are sent exactly once and
 * reach a final status.
 */
import { specCheck } from '../helpers/stripe-spec.ts';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { createGateway } from '../../main/core/gateway.ts';
import { openOutbox } from '../../main/core/outbox.ts';
import { openRecords } from '../../main/core/records.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { confStoreFactory, tempStoreDir } from '../helpers/conf-store.ts';

// Every answer the simulator sends in this file is checked against Stripe's spec.
const spec = specCheck();

const COUNT = 100;
let sim: RunningSimulator;
const store = tempStoreDir('countersign-faults-');

before(async () => {
  sim = await startSimulator({ onResponse: spec.onResponse, processingDelayMs: 30 });
});
after(async () => {
  await sim.close();
  spec.assertClean();
  store.cleanup();
});

it(
  'sends every creation exactly once through 5xx, 429, resets and latency',
  { timeout: 120_000 },
  async () => {
    const storeFactory = confStoreFactory(store.dir);
    const records = openRecords({ storeFactory });
    const outbox = openOutbox({
      storeFactory,
      records,
      sealKey: randomBytes(32),
      gateway: createGateway({
        apiKey: sim.secretKey,
        target: { host: sim.host, port: sim.port, protocol: sim.protocol },
        maxNetworkRetries: 0,
        timeoutMs: 3000,
      }),
      backoff: { baseMs: 100, maxMs: 2000 },
    });
    const ready = new Set<string>();
    outbox.onItem((e) => {
      if (e.state === 'ready') ready.add(e.clientReferenceId);
    });
    const ids: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      ids.push(
        outbox.enqueue({ input: { type: 'document', reference: `FAULT-${i}`, phone: '+15555550100' } })
          .clientReferenceId,
      );
    }
    sim.setFaults({
      serverErrorRate: 0.2,
      rateLimitRate: 0.1,
      resetRate: 0.05,
      latencyMs: 400,
      latencyRate: 0.1,
    });
    const started = Date.now();
    outbox.start();
    const deadline = Date.now() + 90_000;
    while (outbox.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await outbox.stop();
    const drainMs = Date.now() - started;
    const requests = sim.stats().requests;
    sim.setFaults({ serverErrorRate: 0, rateLimitRate: 0, resetRate: 0, latencyRate: 0 });

    const sessionIds = ids.map((id) => records.get(id)?.sessionId);
    assert.ok(
      sessionIds.every((s) => typeof s === 'string'),
      'every creation was sent and recorded',
    );
    for (const [i, id] of (sessionIds as string[]).entries())
      await sim.submit(id, i % 10 === 0 ? 'document_expired' : 'verified');
    const finalDeadline = Date.now() + 10_000;
    const isFinal = (status: string): boolean => status === 'verified' || status === 'requires_input';
    let mine = sim.sessions().filter((s) => ids.includes(s.client_reference_id ?? ''));
    while (Date.now() < finalDeadline && !mine.every((s) => isFinal(s.status))) {
      await new Promise((r) => setTimeout(r, 50));
      mine = sim.sessions().filter((s) => ids.includes(s.client_reference_id ?? ''));
    }
    const perReference = new Map<string, number>();
    for (const s of mine)
      perReference.set(s.client_reference_id!, (perReference.get(s.client_reference_id!) ?? 0) + 1);
    const duplicates = [...perReference.values()].filter((n) => n > 1).length;
    const final = mine.filter((s) => isFinal(s.status)).length;
    console.log(
      `faults: verifications=${COUNT} sent=${ready.size} final=${final} duplicates=${duplicates} ` +
        `requests=${requests} drain_ms=${drainMs}`,
    );
    assert.equal(ready.size, COUNT);
    assert.equal(perReference.size, COUNT);
    assert.equal(duplicates, 0);
    assert.equal(final, COUNT);
  },
);
