/**
 * 100 creations through the outbox against a simulator that fails a third of the requests
 * (20% 5xx, 10% 429, 5% connection resets) and slows some down: all are sent exactly once and
 * reach a final status.
 */
import { MemoryStore } from '../../main/core/storage/index.ts';
import { createWatcher } from '../../main/core/watcher/index.ts';
import { specCheck } from '../support/stripe-spec.ts';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { createGateway } from '../../main/core/stripe/index.ts';
import { connectivityFor } from '../support/core-parts.ts';
import { simulatorGateway as simulatorGatewayFor } from '../support/backend.ts';
import { openOutbox } from '../../main/core/outbox/index.ts';
import { openRecords } from '../../main/core/records/index.ts';
import { startSimulator, type RunningSimulator } from '../../main/simulator/index.ts';
import { confStoreFactory, tempStoreDir } from '../support/conf-store.ts';

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
  'sends every creation exactly once through 5xx, 429, resets, lost answers and latency; every status is seen',
  { timeout: 120_000 },
  async () => {
    const storeFactory = confStoreFactory(store.dir);
    const records = openRecords({ storeFactory });
    const outbox = openOutbox({
      storeFactory,
      records,
      sealKey: randomBytes(32),
      connectivity: connectivityFor(simulatorGatewayFor(sim)),
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
    const faults = {
      serverErrorRate: 0.2,
      rateLimitRate: 0.1,
      resetRate: 0.05,
      // Carried out, answer lost: only the Idempotency-Key keeps the retry from creating twice.
      lostResponseRate: 0.1,
      latencyMs: 400,
      latencyRate: 0.1,
    };
    sim.setFaults(faults);
    const started = Date.now();
    outbox.start();
    const deadline = Date.now() + 90_000;
    while (outbox.count > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await outbox.stop();
    const drainMs = Date.now() - started;
    const requests = sim.stats().requests;

    const sessionIds = ids.map((id) => records.get(id)?.sessionId);
    assert.ok(
      sessionIds.every((s) => typeof s === 'string'),
      'every creation was sent and recorded',
    );
    // The customers finish; the app follows them through the same faults with its watcher.
    const watcher = createWatcher({
      gateway: createGateway({
        apiKey: sim.secretKey,
        target: { host: sim.host, port: sim.port, protocol: sim.protocol },
        maxNetworkRetries: 0,
        timeoutMs: 3000,
      }),
      store: new MemoryStore(),
      fastIntervalMs: 100,
      maxBackoffMs: 500,
    });
    const seen = new Map<string, string>();
    watcher.subscribe((u) => {
      if (u.status === 'verified' || (u.status === 'requires_input' && u.lastErrorCode))
        seen.set(u.sessionId, u.status);
    });
    for (const id of sessionIds as string[]) watcher.track(id, { inFlow: true });
    for (const [i, id] of (sessionIds as string[]).entries())
      await sim.submit(id, i % 10 === 0 ? 'document_expired' : 'verified');
    watcher.start();
    const finalDeadline = Date.now() + 60_000;
    while (Date.now() < finalDeadline && seen.size < COUNT) await new Promise((r) => setTimeout(r, 50));
    watcher.stop();
    sim.setFaults({
      serverErrorRate: 0,
      rateLimitRate: 0,
      resetRate: 0,
      lostResponseRate: 0,
      latencyRate: 0,
    });
    const mine = sim.sessions().filter((s) => ids.includes(s.client_reference_id ?? ''));
    const perReference = new Map<string, number>();
    for (const s of mine)
      perReference.set(s.client_reference_id!, (perReference.get(s.client_reference_id!) ?? 0) + 1);
    const duplicates = [...perReference.values()].filter((n) => n > 1).length;
    const final = seen.size;
    console.log(
      `faults: verifications=${COUNT} sent=${ready.size} final_seen_by_watcher=${final} duplicates=${duplicates} ` +
        `requests=${requests} drain_ms=${drainMs} watcher_requests=${watcher.stats().eventRequests}`,
    );
    assert.equal(ready.size, COUNT);
    assert.equal(perReference.size, COUNT);
    assert.equal(duplicates, 0);
    assert.equal(final, COUNT);
  },
);

it('the lost-answer fault would expose a retry without the same Idempotency-Key (this check can fail)', async () => {
  sim.setFaults({ lostResponseRate: 0.5 });
  try {
    // A naive client over plain HTTP: a fresh Idempotency-Key on every attempt, until an answer
    // arrives. (The SDK would retry once under the same key by itself.)
    for (let i = 0; i < 10; i++) {
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          const res = await fetch(`${sim.url}/v1/identity/verification_sessions`, {
            method: 'POST',
            headers: {
              Authorization: `Bearer ${sim.secretKey}`,
              'Content-Type': 'application/x-www-form-urlencoded',
              'Idempotency-Key': `naive-${i}-${attempt}`,
            },
            body: `type=document&client_reference_id=naive-${i}`,
          });
          await res.text();
          break;
        } catch {
          // The answer was lost: try again, wrongly under a new key.
        }
      }
    }
  } finally {
    sim.setFaults({ lostResponseRate: 0 });
  }
  const counts = new Map<string, number>();
  for (const s of sim.sessions()) {
    const ref = s.client_reference_id ?? '';
    if (ref.startsWith('naive-')) counts.set(ref, (counts.get(ref) ?? 0) + 1);
  }
  const duplicates = [...counts.values()].filter((n) => n > 1).length;
  console.log(`faults control: naive client references=${counts.size} with_duplicates=${duplicates}`);
  assert.ok(duplicates > 0, 'a naive client does create duplicates under lost answers');
});
